package dev.nexus.live;

import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The outbox of a live audio stream: items (audio and the markers between it) leave in order, at most
 * {@code sendAheadMs} of audio ahead of real time and only while the socket keeps up, so that a
 * pause or an interruption stops the audio at once and what the listener has heard is known.
 * Event-loop only.
 */
public final class AudioPacer<T> {
  private final PacerTime time;
  private final int sendAheadMs;
  private final BooleanSupplier writable;
  private final ToDoubleFunction<T> durationMs;
  private final Consumer<T> sink;
  private final Runnable drained;
  private final Deque<T> queue = new ArrayDeque<>();
  private long timer = -1;
  private long clockStart = -1;
  private double sentMs;
  private double queuedMs;
  private double clockBaseMs;
  private boolean paused;
  private long blockedSince = -1;
  private long stuckAfterMs = Long.MAX_VALUE;
  private Runnable stuck = () -> { };
  private boolean closed;

  /**
   * @param sendAheadMs how far ahead of real time audio may go; -1 sends as fast as the socket takes it
   * @param durationMs an item's audio length (0 for markers)
   * @param sink sends one item
   * @param drained called whenever the queue runs empty
   */
  public AudioPacer(Vertx vertx, int sendAheadMs, BooleanSupplier writable, ToDoubleFunction<T> durationMs,
      Consumer<T> sink, Runnable drained) {
    this(PacerTime.of(vertx), sendAheadMs, writable, durationMs, sink, drained);
  }

  /** The same on a given time source (tests drive a manual clock). */
  public AudioPacer(PacerTime time, int sendAheadMs, BooleanSupplier writable, ToDoubleFunction<T> durationMs,
      Consumer<T> sink, Runnable drained) {
    this.time = time;
    this.sendAheadMs = sendAheadMs;
    this.writable = writable;
    this.durationMs = durationMs;
    this.sink = sink;
    this.drained = drained;
  }

  /** Calls {@code action} (once) when the socket has taken nothing for {@code ms}: a reader too slow to serve. */
  public AudioPacer<T> onStuck(long ms, Runnable action) {
    this.stuckAfterMs = ms;
    this.stuck = action;
    return this;
  }

  public void add(T item) {
    if (closed) {
      return;
    }
    queue.add(item);
    queuedMs += durationMs.applyAsDouble(item);
    pump();
  }

  /** Milliseconds of audio waiting in the queue. */
  public double queuedMs() {
    return queuedMs;
  }

  /** Stops sending (what is queued stays); the real-time clock stops too. */
  public void pause() {
    paused = true;
    stopClock(playedMs()); // the listener's position freezes
  }

  /** Sends again, with the clock restarted from what was sent. */
  public void resume() {
    paused = false;
    pump();
  }

  /** Drops everything queued; the listener is taken to have dropped what they had not played yet, too. */
  public void clear() {
    queue.clear();
    queuedMs = 0;
    stopClock(sentMs);
  }

  /** The listener has gone: everything queued is dropped, no timer stays, and nothing is sent any more. */
  public void close() {
    closed = true;
    clear();
  }

  public boolean closed() {
    return closed;
  }

  public boolean paused() {
    return paused;
  }

  /** Nothing queued and nothing waiting. */
  public boolean idle() {
    return queue.isEmpty() && timer < 0;
  }

  /** Milliseconds of audio sent so far. */
  public double sentMs() {
    return sentMs;
  }

  /** Milliseconds of audio the listener has most likely played: what was sent, less what is still ahead. */
  public double playedMs() {
    if (clockStart < 0) {
      return Math.min(sentMs, clockBaseMs);
    }
    return Math.min(sentMs, clockBaseMs + (time.nanoTime() - clockStart) / 1e6);
  }

  private void pump() {
    if (timer >= 0 || closed) {
      return;
    }
    while (!paused && !queue.isEmpty()) {
      T next = queue.peek();
      double length = durationMs.applyAsDouble(next);
      if (length > 0) {
        if (clockStart < 0) {
          clockStart = time.nanoTime(); // the clock runs again from the listener's position
        } else if (clockBaseMs + (time.nanoTime() - clockStart) / 1e6 >= sentMs) {
          clockStart = time.nanoTime(); // the listener has played everything: the clock restarts from here
          clockBaseMs = sentMs;
        }
        long wait = sendAheadMs < 0 ? 0 : (long) Math.ceil(sentMs - playedMs() - sendAheadMs);
        boolean full = !writable.getAsBoolean();
        if (full) {
          long now = time.nanoTime();
          blockedSince = blockedSince < 0 ? now : blockedSince;
          if ((now - blockedSince) / 1_000_000 >= stuckAfterMs) {
            Runnable action = stuck;
            stuck = () -> { };
            clear();
            action.run(); // the reader is too slow: its audio is dropped and the session told
            return;
          }
        } else {
          blockedSince = -1;
        }
        if (wait > 0 || full) {
          timer = time.setTimer(Math.max(wait, 10), () -> {
            timer = -1;
            pump();
          });
          return;
        }
        sentMs += length;
        queuedMs -= length;
      }
      queue.poll();
      sink.accept(next);
    }
    if (queue.isEmpty() && !closed) {
      drained.run();
    }
  }

  /** The real-time clock stops with the listener at {@code atMs}, and no timer stays; {@link #pump} restarts it. */
  private void stopClock(double atMs) {
    clockBaseMs = atMs;
    clockStart = -1;
    if (timer >= 0) {
      time.cancelTimer(timer);
      timer = -1;
    }
  }
}
