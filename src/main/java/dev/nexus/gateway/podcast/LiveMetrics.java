package dev.nexus.gateway.podcast;

import dev.nexus.metrics.LatencyLedger;

/** The latencies of one live podcast interruption: question to transcript, to answer text, to answer audio. */
final class LiveMetrics {
  private long interruptedAt;
  private long speechStoppedAt;
  private long answerTextAt;
  private long answerAudioAt;
  private double transcriptMs = -1;

  void interrupted() {
    interruptedAt = System.nanoTime();
    answerTextAt = 0;
    answerAudioAt = 0;
    transcriptMs = -1;
  }

  void speechStopped() {
    speechStoppedAt = System.nanoTime();
  }

  void transcribed() {
    transcriptMs = speechStoppedAt > 0 ? (System.nanoTime() - speechStoppedAt) / 1e6 : -1;
  }

  void answered() {
    answerTextAt = System.nanoTime();
  }

  /** The answer's first audio left; true the first time after an interruption. */
  boolean answerAudio() {
    if (answerAudioAt != 0 || interruptedAt == 0) {
      return false;
    }
    answerAudioAt = System.nanoTime();
    return true;
  }

  void record(LatencyLedger ledger, String sessionId, String podcastId) {
    if (ledger != null) {
      ledger.record(new LatencyLedger.Turn("podcast", sessionId, podcastId, transcriptMs,
          answerTextAt > 0 ? (answerTextAt - interruptedAt) / 1e6 : -1, (answerAudioAt - interruptedAt) / 1e6, -1));
    }
  }
}
