package dev.nexus.live;

import io.vertx.core.Vertx;

/**
 * The time an {@link AudioPacer} runs on: a monotonic clock and one-shot timers. Live code uses
 * {@link #of(Vertx)} (System.nanoTime and Vert.x timers); tests drive a manual one, so that pacing is
 * checked by order and counts at exact instants rather than by sleeping.
 */
public interface PacerTime {
  /** Now, in nanoseconds, from an arbitrary origin. */
  long nanoTime();

  /** Runs {@code action} once after {@code ms}; returns an id for {@link #cancelTimer}. */
  long setTimer(long ms, Runnable action);

  void cancelTimer(long id);

  /** Real time: System.nanoTime and the Vert.x instance's timers (on the caller's context). */
  static PacerTime of(Vertx vertx) {
    return new PacerTime() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public long setTimer(long ms, Runnable action) {
        return vertx.setTimer(ms, id -> action.run());
      }

      @Override
      public void cancelTimer(long id) {
        vertx.cancelTimer(id);
      }
    };
  }
}
