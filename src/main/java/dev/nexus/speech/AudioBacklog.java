package dev.nexus.speech;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The audio of one live stream waiting for its recogniser. A client may send audio faster than real time (a
 * recording, say): that waits and is recognised in batches. What must not happen is the recogniser falling ever
 * further behind a real-time stream on an overloaded machine, answering later and later while the waiting audio
 * grows the heap. So the measure is how long the oldest waiting audio has waited: past the limit, the waiting
 * audio is dropped (empty chunks, which mark commits, are kept). Not thread-safe: one event loop uses it.
 */
final class AudioBacklog {
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private final long maxWaitNanos;
  private long oldestAt;

  AudioBacklog(long maxWaitMs) {
    this.maxWaitNanos = maxWaitMs * 1_000_000L;
  }

  /**
   * Queues a chunk that arrived at {@code now} (nanoseconds); returns the bytes of audio dropped because the
   * oldest waiting chunk had waited longer than the limit (0 when nothing was dropped).
   */
  long add(byte[] pcm, long now) {
    if (queue.isEmpty()) {
      oldestAt = now;
    }
    queue.add(pcm);
    if (now - oldestAt <= maxWaitNanos) {
      return 0;
    }
    long dropped = 0;
    for (Iterator<byte[]> it = queue.iterator(); it.hasNext(); ) {
      byte[] chunk = it.next();
      if (chunk.length > 0) {
        dropped += chunk.length;
        it.remove();
      }
    }
    oldestAt = now;
    return dropped;
  }

  /** Everything waiting, in order; the backlog is empty afterwards. */
  List<byte[]> takeAll() {
    List<byte[]> all = new ArrayList<>(queue);
    queue.clear();
    return all;
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  void clear() {
    queue.clear();
  }
}
