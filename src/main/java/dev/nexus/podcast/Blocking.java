package dev.nexus.podcast;

import io.vertx.core.Future;
import java.util.concurrent.Callable;

/** Runs blocking work (disk, engines) on the capability's worker pool, never on an event loop. */
@FunctionalInterface
interface Blocking {
  <T> Future<T> run(Callable<T> work);
}
