package dev.nexus.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the listener has heard, in one place: where each word sent sits on the socket's audio timeline (and in its
 * text), and how far the listener has played: their own report when the client sends one, else the paced
 * estimate. A new socket starts a new timeline at 0, and the client's reports are read on it.
 *
 * @param <P> what a word belongs to (a podcast turn, an assistant item)
 */
public final class HeardTimeline<P> {
  /** A word sent: when it starts on the timeline, what it belongs to, and where it sits in that text. */
  public record Mark<P>(double atMs, P piece, int start, int end) {
  }

  private final List<Mark<P>> marks = new ArrayList<>();
  private double reportedMs = -1;

  /** Notes a word sent. */
  public void mark(double atMs, P piece, int start, int end) {
    marks.add(new Mark<>(atMs, piece, start, end));
  }

  /** The client's own report of what it has played, in milliseconds of this timeline. */
  public void report(double playedMs) {
    reportedMs = playedMs;
  }

  /** What the listener has heard: their report, never past what was sent, else what the pacer has played. */
  public double heardMs(AudioPacer<?> pacer) {
    return reportedMs >= 0 ? Math.min(reportedMs, pacer.sentMs()) : pacer.playedMs();
  }

  /** The last word of a piece matching {@code filter} that began before {@code heardMs} (or at it). */
  public Optional<Mark<P>> lastHeard(double heardMs, Predicate<P> filter) {
    for (int i = marks.size() - 1; i >= 0; i--) {
      Mark<P> m = marks.get(i);
      if (m.atMs() <= heardMs && filter.test(m.piece())) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** How much of the text had been heard by {@code endMs}: the end of the last word that began before it. */
  public int textHeardBy(double endMs, Predicate<P> filter) {
    int length = 0;
    for (Mark<P> m : marks) {
      if (m.atMs() < endMs && filter.test(m.piece())) {
        length = m.end();
      }
    }
    return length;
  }
}
