package dev.nexus.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live outbox: order, pacing against real time, pause, clear. */
class AudioPacerTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Runs on the event loop and waits. */
  private void on(Runnable r) throws Exception {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    vertx.runOnContext(v -> {
      r.run();
      done.complete(null);
    });
    done.get(5, TimeUnit.SECONDS);
  }

  @Test
  void itemsLeaveInOrderNoFurtherAheadThanAllowedAndNotWhilePaused() throws Exception {
    List<Integer> sent = new CopyOnWriteArrayList<>();
    int[] drained = {0};
    @SuppressWarnings("unchecked")
    AudioPacer<Integer>[] pacer = new AudioPacer[1];
    on(() -> {
      pacer[0] = new AudioPacer<>(vertx, 200, () -> true, ms -> ms, sent::add, () -> drained[0]++);
      for (int i = 0; i < 10; i++) {
        pacer[0].add(100); // ten items of 100 ms: one second of audio
      }
      pacer[0].add(0); // a marker
    });
    assertThat(sent).as("200 ms ahead of real time: the first three at once").hasSizeBetween(2, 4);
    Thread.sleep(300);
    on(() -> pacer[0].pause());
    int paused = sent.size();
    assertThat(paused).isBetween(4, 8);
    double heard = pacer[0].playedMs();
    Thread.sleep(300);
    assertThat(sent).hasSize(paused);
    assertThat(pacer[0].playedMs()).as("the position freezes while paused").isEqualTo(heard);
    on(() -> pacer[0].resume());
    Thread.sleep(1200);
    assertThat(sent).containsExactly(100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0);
    assertThat(pacer[0].idle()).isTrue();
    assertThat(pacer[0].sentMs()).isEqualTo(1000);
    assertThat(drained[0]).isPositive();
    on(() -> {
      pacer[0].add(100);
      pacer[0].add(100);
      pacer[0].add(100);
      pacer[0].add(100);
      pacer[0].clear();
    });
    assertThat(pacer[0].queuedMs()).isZero();
    assertThat(pacer[0].playedMs()).as("after a clear the listener is at what was sent").isEqualTo(pacer[0].sentMs());
  }

  @Test
  void aReaderThatTakesNothingForTooLongIsGivenUpOn() throws Exception {
    List<Integer> sent = new CopyOnWriteArrayList<>();
    int[] stuck = {0};
    @SuppressWarnings("unchecked")
    AudioPacer<Integer>[] pacer = new AudioPacer[1];
    on(() -> {
      pacer[0] = new AudioPacer<Integer>(vertx, -1, () -> false, ms -> ms, sent::add, () -> { })
          .onStuck(200, () -> stuck[0]++);
      pacer[0].add(40);
      pacer[0].add(40);
    });
    Thread.sleep(600);
    assertThat(stuck[0]).isEqualTo(1);
    assertThat(sent).isEmpty();
    assertThat(pacer[0].queuedMs()).as("its audio is dropped, not kept").isZero();
  }

  @Test
  void withoutPacingASlowSocketStillHoldsItemsBack() throws Exception {
    List<Integer> sent = new CopyOnWriteArrayList<>();
    boolean[] writable = {false};
    @SuppressWarnings("unchecked")
    AudioPacer<Integer>[] pacer = new AudioPacer[1];
    on(() -> {
      pacer[0] = new AudioPacer<>(vertx, -1, () -> writable[0], ms -> ms, sent::add, () -> { });
      pacer[0].add(40);
      pacer[0].add(40);
    });
    Thread.sleep(100);
    assertThat(sent).isEmpty();
    writable[0] = true;
    Thread.sleep(100);
    assertThat(sent).containsExactly(40, 40);
  }
}
