package dev.nexus.live;

import java.util.Map;
import java.util.TreeMap;

/** A clock that moves only when told, with timers that fire in order as it passes them (single-threaded). */
final class ManualTime implements PacerTime {
  private long nanos;
  private long nextId;
  /** due time in nanoseconds, then id: timers due at the same instant fire in the order they were set */
  private final TreeMap<long[], Runnable> timers = new TreeMap<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
      : Long.compare(a[1], b[1]));

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public long setTimer(long ms, Runnable action) {
    long id = nextId++;
    timers.put(new long[] {nanos + ms * 1_000_000L, id}, action);
    return id;
  }

  @Override
  public void cancelTimer(long id) {
    timers.keySet().removeIf(key -> key[1] == id);
  }

  /** Moves the clock on by {@code ms}, firing each timer at its own instant on the way. */
  void advance(long ms) {
    long end = nanos + ms * 1_000_000L;
    while (!timers.isEmpty() && timers.firstKey()[0] <= end) {
      Map.Entry<long[], Runnable> due = timers.pollFirstEntry();
      nanos = due.getKey()[0];
      due.getValue().run();
    }
    nanos = end;
  }

  int pendingTimers() {
    return timers.size();
  }
}
