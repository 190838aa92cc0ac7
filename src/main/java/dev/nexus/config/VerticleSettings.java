package dev.nexus.config;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * How one capability verticle is deployed: instances, threading model, the size of its inference
 * worker pool and which engine it runs, with that engine's options.
 */
public record VerticleSettings(String capability, boolean enabled, int instances,
    ThreadingModel threading, int workerPoolSize, String engine, Settings config) {

  /** Reads and validates the deployment keys of a capability's configuration. */
  public static VerticleSettings from(String capability, Settings settings, String defaultEngine) {
    boolean enabled = settings.bool("enabled", true);
    int instances = settings.integer("instances", 1, 1, 256);
    String threading = settings.oneOf("threading", "event-loop", List.of("event-loop", "worker"));
    int pool = settings.integer("worker-pool-size", 2, 1, 512);
    String engine = settings.string("engine", defaultEngine);
    return new VerticleSettings(capability, enabled, instances,
        threading.equals("worker") ? ThreadingModel.WORKER : ThreadingModel.EVENT_LOOP, pool, engine,
        settings);
  }

  /** Deployment options carrying the whole validated configuration to the verticle. */
  public DeploymentOptions deploymentOptions() {
    JsonObject json = config.json().copy().put("source", config.source());
    return new DeploymentOptions().setInstances(instances).setThreadingModel(threading)
        .setConfig(json);
  }

  /** The settings of the configured engine: the mapping under {@code engines.<engine>}. */
  public Settings engineSettings() {
    return config.section("engines").section(engine);
  }
}
