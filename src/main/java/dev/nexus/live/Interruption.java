package dev.nexus.live;

import dev.nexus.bus.client.StageStream;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Interruption as one thing, as in Pipecat, where an interruption frame overtakes the data: every stage request a
 * live answer opens is tracked here, and {@link #interrupt} makes every part drop what it has queued (audio, text
 * waiting for synthesis) at once, then cancels every open stage request and completes when all have acknowledged.
 * After it, no callback of the superseded work comes. Event-loop only.
 */
public final class Interruption {
  private final Set<StageStream<?>> open = new LinkedHashSet<>();
  private final List<Runnable> droppers = new ArrayList<>();
  private int generation;

  /** Runs {@code dropQueued} first on every interruption: the part drops its queued work. */
  public void onInterrupt(Runnable dropQueued) {
    droppers.add(dropQueued);
  }

  /** Tracks a stage request until its stage lets it go; returns it. */
  public <T> StageStream<T> track(StageStream<T> stream) {
    open.add(stream);
    stream.settled().onComplete(v -> open.remove(stream));
    return stream;
  }

  /**
   * Drops all queued work and cancels every open stage request.
   *
   * @return the number of stage requests cancelled, once every one of them has acknowledged
   */
  public Future<Integer> interrupt(String reason) {
    generation++;
    droppers.forEach(Runnable::run);
    List<Future<Void>> acks = new ArrayList<>();
    for (StageStream<?> stream : List.copyOf(open)) {
      acks.add(stream.cancel(reason));
    }
    open.clear();
    return Future.join(acks).map(acks.size());
  }

  /** How many interruptions there have been: work started under an older generation is superseded. */
  public int generation() {
    return generation;
  }
}
