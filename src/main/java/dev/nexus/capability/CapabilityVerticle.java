package dev.nexus.capability;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.RequestContext;
import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import dev.nexus.config.VerticleSettings;
import dev.nexus.models.ModelDefaults;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every inference capability: a thin verticle (bus in, bus out) that answers its health
 * probe and runs engine work on a named worker pool, so the event loop never blocks and a cancel
 * message is handled while inference is running.
 */
public abstract class CapabilityVerticle extends VerticleBase {
  /** How long {@link #stop} waits for running engine work before it gives up releasing the engines. */
  static final long DRAIN_MS = 30_000;
  protected final Logger log = LoggerFactory.getLogger(getClass());
  private WorkerExecutor inference;
  private VerticleSettings settings;
  private String fallbackFrom;
  private String fallbackReason;
  private final AtomicInteger inFlight = new AtomicInteger();
  /** Engine work running on the pool now; stop waits for it to reach 0 before engines are released. */
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean stopping;
  private final Map<String, Placement> placements = new ConcurrentSkipListMap<>();
  private final String capability;
  private final String defaultEngine;

  /**
   * @param capability the capability name: its config file, health address and worker pool are named after it
   * @param defaultEngine the engine used when the configuration names none; "none" means no engine is wired in
   */
  protected CapabilityVerticle(String capability, String defaultEngine) {
    this.capability = capability;
    this.defaultEngine = defaultEngine;
  }

  /** The capability name: its config file, health address and worker pool are named after it. */
  protected final String capability() {
    return capability;
  }

  /** The engine used when the configuration names none; "none" means no engine is wired in. */
  protected final String defaultEngine() {
    return defaultEngine;
  }

  /** Starts engines and registers bus consumers; runs on the verticle's context. */
  protected Future<?> startCapability(VerticleSettings settings) {
    return Future.succeededFuture();
  }

  /** What the health probe reports beyond {@code status}: engine name, models, voices. */
  protected JsonObject describe() {
    JsonObject json = new JsonObject().put("engine", settings.engine()).put("in_flight", inFlight.get());
    if (fallbackFrom != null) {
      json.put("fallback_from", fallbackFrom).put("fallback_reason", fallbackReason);
    }
    if (!placements.isEmpty()) {
      JsonObject devices = new JsonObject();
      placements.forEach((engine, placement) -> devices.put(engine, placement.toJson()));
      json.put("devices", devices);
    }
    return json;
  }

  /**
   * Records where one of this capability's engines runs, reported by the health probe under {@code devices}; an
   * engine that is not where it was asked to be is also logged as a warning.
   */
  protected void placed(Placement placement) {
    placements.put(placement.engine(), placement);
    if (placement.fallbackReason() != null) {
      log.warn("{}: {} asked for {}, runs on {}: {}", capability(), placement.engine(), placement.requested(),
          placement.device(), placement.fallbackReason());
    }
  }

  /**
   * Records that the configured engine could not start and the built-in one serves instead: logged
   * now, and reported by the health probe as {@code fallback_from} and {@code fallback_reason}.
   */
  protected void fallBack(String from, String to, String reason) {
    fallbackFrom = from;
    fallbackReason = reason;
    log.warn("{} is configured but cannot start ({}); {} falls back to {}", from, reason, capability(), to);
  }

  /**
   * Starts the configured engine through its factory. A name the factory does not know is a configuration error
   * naming the file and key; an engine that cannot start gives way to the factory's fallback (see
   * {@link #fallBack}).
   */
  protected <E> Future<E> startEngine(EngineFactory<E> factory) {
    String name = settings.engine();
    if (!factory.names().contains(name)) {
      throw new ConfigException(settings.config().source() + ": key 'engine' must be one of " + factory.names()
          + " (got \"" + name + "\")");
    }
    String fallback = factory.fallback(name);
    Future<E> started = factory.start(name);
    if (fallback == null || fallback.equals(name)) {
      return started;
    }
    return started.recover(err -> {
      fallBack(name, fallback, err.getMessage());
      return factory.start(fallback);
    });
  }

  /** The validated settings this verticle was deployed with. */
  protected VerticleSettings settings() {
    return settings;
  }

  /**
   * Releases engine resources (with {@link #release}); called once no engine work runs any more and none can
   * start.
   */
  protected Future<?> stopCapability() {
    return Future.succeededFuture();
  }

  @Override
  public final Future<?> start() {
    // "auto" (engine, model, voice) is resolved here, once, from what the model store holds
    settings = ModelDefaults.of(config()).resolve(VerticleSettings.from(capability(),
        new Settings(config().getString("source", capability() + ".yaml"), config()), defaultEngine()));
    inference = vertx.createSharedWorkerExecutor("nexus-" + capability(), settings.workerPoolSize());
    vertx.eventBus().<Object>consumer(Addresses.health(capability()),
        message -> message.reply(describe().put("status", "UP").put("capability", capability())));
    return startCapability(settings)
        .onSuccess(ignored -> log.info("{} up: {}", capability(), describe().encode()));
  }

  @Override
  public final Future<?> stop() {
    stopping = true;
    return drained().compose(idle -> idle ? stopCapability() : Future.succeededFuture())
        .eventually(() -> inference.close());
  }

  /**
   * True once no engine work runs (new work is refused from the start of {@link #stop}); false when some still runs
   * after {@link #DRAIN_MS}: then the engines are not released, since freeing a native model under a running call
   * crashes the process (ONNX Runtime), and the process's end frees them instead.
   */
  private Future<Boolean> drained() {
    Promise<Boolean> idle = Promise.promise();
    long deadline = System.nanoTime() + DRAIN_MS * 1_000_000L;
    vertx.setPeriodic(0, 10, timer -> {
      boolean timedOut = System.nanoTime() > deadline;
      if (running.get() == 0 || timedOut) {
        vertx.cancelTimer(timer);
        if (running.get() != 0) {
          log.warn("{}: engine work still running {} ms after stop; its engines are left to the process's end",
              capability(), DRAIN_MS);
        }
        idle.complete(running.get() == 0);
      }
    });
    return idle.future();
  }

  /** This node's meter registry (Prometheus at /metrics), or null when metrics are off. */
  protected MeterRegistry metrics() {
    String name = config().getString("metrics-registry");
    return name == null ? null : BackendRegistries.getNow(name);
  }

  /**
   * Starts watching a request's cancellation, counted as in flight (reported by the health probe) until the token
   * is closed: a request whose work is still running on a worker is visible there.
   */
  protected CancelToken watch(RequestContext context) {
    inFlight.incrementAndGet();
    return CancelToken.watch(vertx, context).onClose(inFlight::decrementAndGet);
  }

  /** Runs blocking engine work on this capability's worker pool, never on the event loop. */
  protected <T> Future<T> infer(Callable<T> work) {
    return inference.executeBlocking(() -> {
      running.incrementAndGet();
      try {
        if (stopping) {
          throw new IllegalStateException("the " + capability() + " stage is stopping");
        }
        return work.call();
      } finally {
        running.decrementAndGet();
      }
    }, false);
  }

  /** Runs {@code work} on the worker pool once the stage is stopping and no engine work runs: engines' release. */
  protected <T> Future<T> release(Callable<T> work) {
    return inference.executeBlocking(work, false);
  }

  /** This capability's worker pool, for the engines its factory builds. */
  protected WorkerPool workers() {
    return this::infer;
  }
}
