package dev.nexus.capability;

import io.vertx.core.Future;
import java.util.concurrent.Callable;

/** A capability's named worker pool, where engines load and infer: blocking work, never on an event loop. */
@FunctionalInterface
public interface WorkerPool {
  /** Runs {@code work} on the pool; the future completes on the caller's context. */
  <T> Future<T> run(Callable<T> work);
}
