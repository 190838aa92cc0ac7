package dev.nexus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigTest {

  @Test
  void embeddedDefaultsLoadForEveryCapability(Vertx vertx, VertxTestContext ctx) {
    ConfigLoader loader = new ConfigLoader(vertx, null);
    loader.load("synthesis").onComplete(ctx.succeeding(settings -> ctx.verify(() -> {
      VerticleSettings vs = VerticleSettings.from("synthesis", settings, "none");
      assertThat(settings.source()).isEqualTo("verticles-config/synthesis.yaml");
      assertThat(vs.enabled()).isTrue();
      assertThat(vs.instances()).isEqualTo(1);
      assertThat(vs.threading()).isEqualTo(ThreadingModel.EVENT_LOOP);
      assertThat(vs.deploymentOptions().getConfig().getString("source")).isEqualTo(settings.source());
      ctx.completeNow();
    })));
  }

  @Test
  void aFileInTheConfigDirectoryOverridesTheEmbeddedOne(Vertx vertx, VertxTestContext ctx,
      @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("speech.yaml"), "instances: 3\nthreading: worker\nworker-pool-size: 5\n");
    new ConfigLoader(vertx, dir).load("speech").onComplete(ctx.succeeding(settings -> ctx.verify(() -> {
      VerticleSettings vs = VerticleSettings.from("speech", settings, "none");
      assertThat(settings.source()).endsWith("speech.yaml").startsWith(dir.toString());
      assertThat(vs.instances()).isEqualTo(3);
      assertThat(vs.threading()).isEqualTo(ThreadingModel.WORKER);
      assertThat(vs.workerPoolSize()).isEqualTo(5);
      assertThat(vs.deploymentOptions().getInstances()).isEqualTo(3);
      ctx.completeNow();
    })));
  }

  @Test
  void aDirectoryWithoutThatFileKeepsTheDefaults(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) {
    new ConfigLoader(vertx, dir).load("tools").onComplete(ctx.succeeding(settings -> ctx.verify(() -> {
      assertThat(settings.source()).isEqualTo("verticles-config/tools.yaml");
      ctx.completeNow();
    })));
  }

  @Test
  void brokenYamlNamesTheFile(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("podcast.yaml"), "instances: [1\n  bad: {");
    new ConfigLoader(vertx, dir).load("podcast").onComplete(ctx.failing(err -> ctx.verify(() -> {
      assertThat(err).isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(dir.resolve("podcast.yaml") + ": cannot read YAML");
      ctx.completeNow();
    })));
  }

  @Test
  void badValuesNameTheFileAndTheKey() {
    Settings s = new Settings("conf/x.yaml", new JsonObject()
        .put("instances", "two").put("threading", "fibers").put("ratio", 7.5).put("flag", "yes")
        .put("name", "").put("http", new JsonObject().put("port", 70000)).put("list", List.of(1, 2))
        .put("scalar", 3).put("half", 1.5));
    assertThatThrownBy(() -> VerticleSettings.from("x", s, "none"))
        .hasMessage("conf/x.yaml: key 'instances' must be an integer from 1 to 256 (got \"two\")");
    assertThatThrownBy(() -> s.oneOf("threading", "event-loop", List.of("event-loop", "worker")))
        .hasMessage("conf/x.yaml: key 'threading' must be one of [event-loop, worker] (got \"fibers\")");
    assertThatThrownBy(() -> s.section("http").integer("port", 1, 0, 65535))
        .hasMessage("conf/x.yaml: key 'http.port' must be an integer from 0 to 65535 (got 70000)");
    assertThatThrownBy(() -> s.integer("half", 1, 0, 10)).hasMessageContaining("'half'");
    assertThatThrownBy(() -> s.decimal("ratio", 1, 0, 2)).hasMessageContaining("'ratio' must be a number from 0.0 to 2.0");
    assertThatThrownBy(() -> s.bool("flag", true)).hasMessageContaining("'flag' must be true or false");
    assertThatThrownBy(() -> s.string("name", "d")).hasMessageContaining("'name' must be a non-empty string");
    assertThatThrownBy(() -> s.strings("list", List.of())).hasMessageContaining("'list' must be a list of strings");
    assertThatThrownBy(() -> s.strings("scalar", List.of())).hasMessageContaining("'scalar'");
    assertThatThrownBy(() -> s.section("scalar")).hasMessageContaining("'scalar' must be a mapping");
    assertThat(s.decimal("ratio", 1, 0, 10)).isEqualTo(7.5);
    assertThat(s.decimal("missing", 1.5, 0, 10)).isEqualTo(1.5);
    assertThat(s.bool("missing", true)).isTrue();
    assertThat(s.strings("missing", List.of("a"))).containsExactly("a");
    assertThat(new Settings("y", new JsonObject().put("l", List.of("a", "b"))).strings("l", List.of()))
        .containsExactly("a", "b");
    assertThat(new Settings("y", null).json()).isEmpty();
  }

  @Test
  void engineSettingsAreTheSectionOfTheChosenEngine() {
    Settings s = new Settings("s.yaml", new JsonObject().put("engine", "espeak")
        .put("engines", new JsonObject().put("espeak", new JsonObject().put("voice", "en-gb"))));
    VerticleSettings vs = VerticleSettings.from("synthesis", s, "none");
    assertThat(vs.engine()).isEqualTo("espeak");
    assertThat(vs.engineSettings().string("voice", "x")).isEqualTo("en-gb");
  }

  @Test
  void environmentVariablesHaveDefaultsAndAreValidated() {
    NexusEnvironment defaults = NexusEnvironment.from(Map.of());
    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.models().toString()).endsWith(".cache/nexus/models");
    assertThat(defaults.data().toString()).endsWith(".local/share/nexus");
    NexusEnvironment set = NexusEnvironment.from(Map.of("NEXUS_PORT", " 9000 ", "NEXUS_MODELS", "/m",
        "NEXUS_DATA", "/d"));
    assertThat(set.port()).isEqualTo(9000);
    assertThat(set.models()).isEqualTo(Path.of("/m"));
    assertThat(set.data()).isEqualTo(Path.of("/d"));
    assertThatThrownBy(() -> NexusEnvironment.from(Map.of("NEXUS_PORT", "http")))
        .hasMessageContaining("NEXUS_PORT must be a port number");
    assertThatThrownBy(() -> NexusEnvironment.from(Map.of("NEXUS_PORT", "99999")))
        .hasMessageContaining("NEXUS_PORT");
    assertThat(NexusEnvironment.current()).as("current() reads the process environment")
        .isEqualTo(NexusEnvironment.from(System.getenv()));
  }

  @Test
  void blankEnvironmentVariablesMeanTheDefaultsAndANonStringValueIsNamedWithItsKey() {
    NexusEnvironment blank = NexusEnvironment.from(Map.of("NEXUS_PORT", "  ", "NEXUS_MODELS", " ", "NEXUS_DATA", ""));
    assertThat(blank).isEqualTo(NexusEnvironment.from(Map.of()));
    assertThatThrownBy(() -> new Settings("conf/x.yaml", new JsonObject().put("voice", 5)).string("voice", "d"))
        .hasMessage("conf/x.yaml: key 'voice' must be a non-empty string (got 5)");
  }
}
