package dev.nexus.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The live outbox: order, pacing against real time, pause, clear, a stuck reader. The pacer runs on a
 * manual clock, so every check is a count or an order at an exact instant, whatever the machine's load.
 */
class AudioPacerTest {
  private final ManualTime time = new ManualTime();
  private final List<Integer> sent = new ArrayList<>();

  @Test
  void itemsLeaveInOrderNoFurtherAheadThanAllowedAndNotWhilePaused() {
    int[] drained = {0};
    AudioPacer<Integer> pacer = new AudioPacer<>(time, 200, () -> true, ms -> ms, sent::add, () -> drained[0]++);
    for (int i = 0; i < 10; i++) {
      pacer.add(100); // ten items of 100 ms: one second of audio
    }
    pacer.add(0); // a marker
    assertThat(sent).as("200 ms ahead of real time: 300 ms go at once").hasSize(3);
    assertThat(drained[0]).as("each of those three emptied the queue as it was added").isEqualTo(3);
    assertThat(pacer.queuedMs()).isEqualTo(700);
    time.advance(99);
    assertThat(sent).as("the fourth waits until 100 ms have played").hasSize(3);
    time.advance(1);
    assertThat(sent).hasSize(4);
    time.advance(200);
    assertThat(sent).as("one more every 100 ms").hasSize(6);
    assertThat(pacer.playedMs()).isEqualTo(300);
    pacer.pause();
    time.advance(1000);
    assertThat(sent).as("nothing leaves while paused").hasSize(6);
    assertThat(pacer.playedMs()).as("the position freezes while paused").isEqualTo(300);
    assertThat(drained[0]).as("not drained while items wait").isEqualTo(3);
    pacer.resume();
    assertThat(sent).as("on resume, 300 ms are already ahead of the frozen position: nothing yet").hasSize(6);
    time.advance(100);
    assertThat(sent).as("the clock runs again from the frozen position").hasSize(7);
    time.advance(300);
    assertThat(sent).containsExactly(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0);
    assertThat(pacer.idle()).isTrue();
    assertThat(pacer.sentMs()).isEqualTo(1000);
    assertThat(drained[0]).as("drained once more, when the marker left").isEqualTo(4);
    pacer.add(100);
    pacer.add(100);
    pacer.add(100);
    pacer.add(100);
    pacer.clear();
    assertThat(pacer.queuedMs()).isZero();
    assertThat(pacer.playedMs()).as("after a clear the listener is at what was sent").isEqualTo(pacer.sentMs());
    assertThat(time.pendingTimers()).as("a clear leaves no timer").isZero();
  }

  @Test
  void aReaderThatTakesNothingForTooLongIsGivenUpOnOnce() {
    int[] stuck = {0};
    AudioPacer<Integer> pacer = new AudioPacer<Integer>(time, -1, () -> false, ms -> ms, sent::add, () -> { })
        .onStuck(200, () -> stuck[0]++);
    pacer.add(40);
    pacer.add(40);
    time.advance(190);
    assertThat(stuck[0]).as("not yet at 190 ms").isZero();
    assertThat(pacer.queuedMs()).isEqualTo(80);
    time.advance(20);
    assertThat(stuck[0]).isEqualTo(1);
    assertThat(sent).isEmpty();
    assertThat(pacer.queuedMs()).as("its audio is dropped, not kept").isZero();
    pacer.add(40);
    time.advance(1000);
    assertThat(stuck[0]).as("given up on once").isEqualTo(1);
  }

  @Test
  void withoutPacingASlowSocketStillHoldsItemsBack() {
    boolean[] writable = {false};
    AudioPacer<Integer> pacer = new AudioPacer<>(time, -1, () -> writable[0], ms -> ms, sent::add, () -> { });
    pacer.add(40);
    pacer.add(40);
    time.advance(100);
    assertThat(sent).isEmpty();
    writable[0] = true;
    time.advance(10);
    assertThat(sent).containsExactly(40, 40);
  }

  @Test
  void aClosedPacerTakesNothingAndKeepsNoTimer() {
    AudioPacer<Integer> pacer = new AudioPacer<>(time, 0, () -> true, ms -> ms, sent::add, () -> { });
    pacer.add(100);
    pacer.add(100);
    assertThat(sent).hasSize(1);
    pacer.close();
    pacer.add(100);
    time.advance(1000);
    assertThat(sent).hasSize(1);
    assertThat(pacer.closed()).isTrue();
    assertThat(time.pendingTimers()).isZero();
  }
}
