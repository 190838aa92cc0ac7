package dev.nexus.speech;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioBacklogTest {
  static final long MS = 1_000_000L;

  @Test
  void audioSentFasterThanRealTimeWaitsAndIsTakenWhole() {
    AudioBacklog backlog = new AudioBacklog(5000);
    for (int i = 0; i < 1000; i++) { // 20 s of 20 ms frames in one burst
      assertThat(backlog.add(new byte[640], i * 10_000L)).isZero();
    }
    assertThat(backlog.takeAll()).hasSize(1000);
    assertThat(backlog.isEmpty()).isTrue();
  }

  @Test
  void audioThatWaitedPastTheLimitIsDroppedButCommitsAreKept() {
    AudioBacklog backlog = new AudioBacklog(100);
    long dropped = 0;
    for (int i = 0; i <= 5; i++) { // real-time frames, while the recogniser takes nothing
      dropped += backlog.add(new byte[640], i * 20 * MS);
    }
    assertThat(dropped).as("100 ms of waiting is allowed").isZero();
    assertThat(backlog.add(new byte[0], 100 * MS)).isZero(); // a commit
    long shed = backlog.add(new byte[640], 120 * MS);
    assertThat(shed).isEqualTo(7 * 640);
    var left = backlog.takeAll();
    assertThat(left).hasSize(1);
    assertThat(left.get(0)).isEmpty();
    // waiting is measured afresh from the next chunk
    assertThat(backlog.add(new byte[640], 300 * MS)).isZero();
    assertThat(backlog.add(new byte[640], 390 * MS)).isZero();
    assertThat(backlog.add(new byte[640], 401 * MS)).isEqualTo(3 * 640);
    backlog.add(new byte[640], 402 * MS);
    backlog.clear();
    assertThat(backlog.isEmpty()).isTrue();
  }
}
