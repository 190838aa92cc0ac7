package dev.nexus.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.bus.Addresses;
import dev.nexus.config.VerticleSettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.FileNotFoundException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine rule every capability shares: unknown names are config errors, an engine that cannot start falls back. */
class CapabilityVerticleTest {
  Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Engines are strings here; "broken" cannot start (as a model with missing files), and falls back to "plain". */
  static final class Words implements EngineFactory<String> {
    @Override
    public List<String> names() {
      return List.of("plain", "broken");
    }

    @Override
    public Future<String> start(String name) {
      return name.equals("broken") ? Future.failedFuture(new FileNotFoundException("model.onnx is missing"))
          : Future.succeededFuture(name + " engine");
    }

    @Override
    public String fallback(String name) {
      return "plain";
    }
  }

  /** A capability whose engine comes from {@link Words}, run on its worker pool. */
  static final class WordsVerticle extends CapabilityVerticle {
    volatile String engine;

    WordsVerticle() {
      super("words", "none");
    }

    @Override
    protected Future<?> startCapability(VerticleSettings settings) {
      return startEngine(new Words()).compose(started -> workers().run(() -> started + " on "
          + Thread.currentThread().getName())).onSuccess(started -> engine = started);
    }
  }

  /** A capability whose engine work waits for a latch, and whose stop records when it releases its engine. */
  static final class ReleasingVerticle extends CapabilityVerticle {
    final List<String> events = new CopyOnWriteArrayList<>();

    ReleasingVerticle() {
      super("releasing", "none");
    }

    Future<String> work(CountDownLatch go) {
      return infer(() -> {
        events.add("work started");
        go.await();
        events.add("work ended");
        return "done";
      });
    }

    Future<String> more() {
      return infer(() -> "more");
    }

    @Override
    protected Future<?> stopCapability() {
      return release(() -> events.add("released"));
    }
  }

  @Test
  void stoppingRefusesNewEngineWorkAndReleasesTheEngineOnlyAfterRunningWorkEnds() throws Exception {
    ReleasingVerticle verticle = new ReleasingVerticle();
    String id = vertx.deployVerticle(verticle).await(10, TimeUnit.SECONDS);
    CountDownLatch go = new CountDownLatch(1);
    Future<String> running = verticle.work(go);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!verticle.events.contains("work started") && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Future<?> undeployed = vertx.undeploy(id);
    // the positive event first: new work is refused once the stop has begun
    Throwable refused = null;
    while (refused == null && System.nanoTime() < deadline) {
      try {
        verticle.more().await(10, TimeUnit.SECONDS);
        Thread.sleep(5);
      } catch (IllegalStateException e) {
        refused = e;
      }
    }
    assertThat(refused).hasMessage("the releasing stage is stopping");
    assertThat(verticle.events).containsExactly("work started");
    go.countDown();
    undeployed.await(10, TimeUnit.SECONDS);
    assertThat(running.await(10, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(verticle.events).containsExactly("work started", "work ended", "released");
  }

  JsonObject health() throws Exception {
    return vertx.eventBus().<JsonObject>request(Addresses.health("words"), "ping").await(10, TimeUnit.SECONDS).body();
  }

  @Test
  void anEngineThatCannotStartGivesWayToTheFallbackAndHealthSaysWhy() throws Exception {
    WordsVerticle verticle = new WordsVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject().put("engine", "broken")))
        .await(10, TimeUnit.SECONDS);
    assertThat(verticle.engine).startsWith("plain engine on nexus-words");
    JsonObject health = health();
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getString("engine")).isEqualTo("broken");
    assertThat(health.getString("fallback_from")).isEqualTo("broken");
    assertThat(health.getString("fallback_reason")).isEqualTo("model.onnx is missing");
  }

  @Test
  void theConfiguredEngineServesWithoutAFallback() throws Exception {
    WordsVerticle verticle = new WordsVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(new JsonObject().put("engine", "plain")))
        .await(10, TimeUnit.SECONDS);
    assertThat(verticle.engine).startsWith("plain engine");
    JsonObject health = health();
    assertThat(health.getString("engine")).isEqualTo("plain");
    assertThat(health.containsKey("fallback_from")).isFalse();
  }

  @Test
  void anUnknownEngineNameIsAConfigurationErrorNamingTheFileAndKey() {
    assertThatThrownBy(() -> vertx.deployVerticle(new WordsVerticle(), new DeploymentOptions().setConfig(
            new JsonObject().put("engine", "magic").put("source", "conf/words.yaml"))).await(10, TimeUnit.SECONDS))
        .hasMessage("conf/words.yaml: key 'engine' must be one of [plain, broken] (got \"magic\")");
  }
}
