package dev.nexus.capability;

import io.vertx.core.Future;
import java.util.List;

/**
 * Builds a capability's engine from its name, as the configuration's {@code engine} key gives it. The rule
 * every capability shares: a configuration error is thrown at once (the node does not start); an engine that
 * is configured but cannot start (its model files are missing, say) fails its future, and then the
 * {@linkplain #fallback built-in engine} serves instead, which {@link CapabilityVerticle#startEngine} logs and
 * reports in {@code /health} as {@code fallback_from} and {@code fallback_reason}.
 *
 * @param <E> the capability's engine interface
 */
public interface EngineFactory<E> {
  /** The engine names this factory builds, in the order the configuration error lists them. */
  List<String> names();

  /**
   * Starts the named engine, its blocking work on the capability's worker pool.
   *
   * @throws dev.nexus.config.ConfigException when the engine's settings are wrong
   */
  Future<E> start(String name);

  /** The engine that serves when {@code name} cannot start; null when its failure stands. */
  default String fallback(String name) {
    return null;
  }
}
