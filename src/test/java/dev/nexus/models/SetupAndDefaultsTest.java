package dev.nexus.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.config.Settings;
import dev.nexus.config.VerticleSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code auto} resolves to from the model store's contents, and the first-run report built from health. */
class SetupAndDefaultsTest {

  static VerticleSettings settings(String capability, JsonObject json) {
    return VerticleSettings.from(capability, new Settings(capability + ".yaml", json), "none");
  }

  static JsonObject auto(String capability) {
    return switch (capability) {
      case "speech" -> new JsonObject().put("engine", "auto")
          .put("engines", new JsonObject().put("whisper", new JsonObject().put("model", "auto").put("assets", "whisper")));
      case "synthesis" -> new JsonObject().put("engine", "auto")
          .put("engines", new JsonObject().put("piper", new JsonObject().put("voice", "auto").put("dir", "piper")));
      case "reasoning" -> new JsonObject().put("engine", "auto")
          .put("engines", new JsonObject().put("llamacpp", new JsonObject().put("model", "auto")));
      default -> new JsonObject().put("hosts", new JsonObject().put("first-voice", "auto").put("second-voice", "auto"));
    };
  }

  @Test
  void anEmptyStoreGivesTheBuiltInEnginesAndTheFliteHostVoices(@TempDir Path store) {
    ModelDefaults defaults = new ModelDefaults(store);
    assertThat(defaults.resolve(settings("speech", auto("speech"))).engine()).isEqualTo("pocketsphinx");
    VerticleSettings synthesis = defaults.resolve(settings("synthesis", auto("synthesis")));
    assertThat(synthesis.engine()).isEqualTo("flite");
    assertThat(synthesis.config().section("engines").section("piper").strings("voice", List.of()))
        .as("a piper engine named explicitly says which file it missed").containsExactly("en_US-lessac-medium");
    VerticleSettings reasoning = defaults.resolve(settings("reasoning", auto("reasoning")));
    assertThat(reasoning.engine()).isEqualTo("grounded");
    assertThat(reasoning.config().section("engines").section("llamacpp").string("model", null))
        .isEqualTo(ModelDefaults.LLM);
    Settings hosts = defaults.resolve(settings("podcast", auto("podcast"))).config().section("hosts");
    assertThat(List.of(hosts.string("first-voice", null), hosts.string("second-voice", null)))
        .containsExactly("cedar", "marin");
    assertThat(defaults.resolve(settings("tools", new JsonObject().put("engine", "auto"))).engine())
        .as("other capabilities are left alone").isEqualTo("auto");
  }

  @Test
  void theStarterFilesSwitchEveryAutoToTheRealEngines(@TempDir Path store) throws Exception {
    Path whisper = Files.createDirectories(store.resolve("whisper-base.en"));
    Files.writeString(whisper.resolve("config.json"), "{}");
    Files.writeString(whisper.resolve("encoder_model.onnx"), "x");
    Files.createDirectories(store.resolve("whisper"));
    Files.writeString(store.resolve("whisper/mel_filters.npz"), "x");
    Path piper = Files.createDirectories(store.resolve("piper"));
    for (String voice : List.of("en_GB-alan-low", "en_US-ryan-medium", "en_US-lessac-medium")) {
      Files.writeString(piper.resolve(voice + ".onnx"), "x");
      Files.writeString(piper.resolve(voice + ".onnx.json"), "{}");
    }
    Files.writeString(piper.resolve("half-a-voice.onnx"), "no config beside it");
    Files.createDirectories(store.resolve("llm"));
    Files.writeString(store.resolve(ModelDefaults.LLM), "gguf");
    ModelDefaults defaults = new ModelDefaults(store);

    VerticleSettings speech = defaults.resolve(settings("speech", auto("speech")));
    assertThat(speech.engine()).isEqualTo("whisper");
    assertThat(speech.config().section("engines").section("whisper").string("model", null)).isEqualTo("whisper-base.en");
    VerticleSettings synthesis = defaults.resolve(settings("synthesis", auto("synthesis")));
    assertThat(synthesis.engine()).isEqualTo("piper");
    assertThat(synthesis.config().section("engines").section("piper").strings("voice", List.of()))
        .as("the starter's female and male voices first").containsExactly("en_US-lessac-medium", "en_US-ryan-medium",
            "en_GB-alan-low");
    assertThat(defaults.resolve(settings("reasoning", auto("reasoning"))).engine()).isEqualTo("llamacpp");
    Settings hosts = defaults.resolve(settings("podcast", auto("podcast"))).config().section("hosts");
    assertThat(List.of(hosts.string("first-voice", null), hosts.string("second-voice", null)))
        .containsExactly("en_US-lessac-medium", "en_US-ryan-medium");

    // explicit choices are kept
    JsonObject explicit = auto("synthesis").put("engine", "espeak");
    explicit.getJsonObject("engines").getJsonObject("piper").put("voice", "en_GB-alan-low");
    VerticleSettings kept = defaults.resolve(settings("synthesis", explicit));
    assertThat(kept.engine()).isEqualTo("espeak");
    assertThat(kept.config().section("engines").section("piper").strings("voice", List.of()))
        .containsExactly("en_GB-alan-low");
    assertThat(defaults.resolve(settings("speech", auto("speech").put("engine", "pocketsphinx"))).engine())
        .isEqualTo("pocketsphinx");
  }

  @Test
  void anotherPulledWhisperModelOrGgufIsFoundWhenTheStartersIsAbsent(@TempDir Path store) throws Exception {
    Path tiny = Files.createDirectories(store.resolve("whisper-tiny/onnx"));
    Files.writeString(store.resolve("whisper-tiny/config.json"), "{}");
    Files.writeString(tiny.resolve("encoder_model.onnx"), "x");
    Files.createDirectories(store.resolve("llm"));
    Files.writeString(store.resolve("llm/b.gguf"), "x");
    Files.writeString(store.resolve("llm/a.gguf"), "x");
    ModelDefaults defaults = new ModelDefaults(store);
    VerticleSettings speech = defaults.resolve(settings("speech", auto("speech")));
    assertThat(speech.config().section("engines").section("whisper").string("model", null)).isEqualTo("whisper-tiny");
    assertThat(speech.engine()).as("no Whisper assets yet").isEqualTo("pocketsphinx");
    VerticleSettings reasoning = defaults.resolve(settings("reasoning", auto("reasoning")));
    assertThat(reasoning.config().section("engines").section("llamacpp").string("model", null)).isEqualTo("llm/a.gguf");
    assertThat(reasoning.engine()).isEqualTo("llamacpp");
    assertThat(ModelDefaults.piperVoices(store.resolve("nowhere"))).isEmpty();
  }

  static JsonObject up(String engine) {
    return new JsonObject().put("status", "UP").put("engine", engine);
  }

  @Test
  void theReportNamesWhatRunsAndTheOneCommandForEachMissingPart() {
    JsonObject first = Setup.from(new JsonObject()
        .put("speech", up("pocketsphinx").put("vad", false))
        .put("synthesis", up("espeak").put("voices", 120))
        .put("reasoning", up("grounded").put("models", new JsonArray().add("nexus-grounded"))));
    assertThat(first.getJsonObject("running").encode()).isEqualTo(new JsonObject().put("speech", "pocketsphinx")
        .put("vad", false).put("synthesis", "espeak").put("voices", 120).put("reasoning", "grounded")
        .put("models", new JsonArray().add("nexus-grounded")).encode());
    assertThat(first.getJsonArray("add").stream().map(o -> ((JsonObject) o).getString("command")).toList())
        .containsExactly("./nexus models pull silero-vad", "./nexus models pull whisper-assets whisper-base.en",
            "./nexus models pull piper-en_US-lessac-medium piper-en_US-ryan-medium",
            "./nexus models pull qwen2.5-0.5b-instruct", "./nexus models pull starter");
    String text = Setup.text(first);
    assertThat(text).startsWith("running: speech pocketsphinx, no server VAD; voices espeak (120); language model "
        + "grounded [\"nexus-grounded\"]").contains("one command adds").contains("./nexus models pull starter");

    JsonObject all = Setup.from(new JsonObject()
        .put("speech", up("whisper").put("vad", true))
        .put("synthesis", up("piper").put("voices", 2))
        .put("reasoning", up("llamacpp").put("models", new JsonArray().add("q.gguf")))
        .put("podcast", up("script")));
    assertThat(all.getJsonArray("add")).isEmpty();
    assertThat(Setup.text(all)).contains("speech whisper with server VAD").contains("nothing to add");

    JsonObject down = Setup.from(new JsonObject().put("speech", new JsonObject().put("status", "DOWN")));
    assertThat(down.getJsonObject("running")).isEmpty();
    assertThat(down.getJsonArray("add")).isEmpty();
    assertThat(Setup.text(down)).startsWith("running: no capability on this node");
  }

  @Test
  void explicitVoiceListsHostsAndMissingSectionsAreKeptAndAutoStillResolves(@TempDir Path store) throws Exception {
    ModelDefaults defaults = new ModelDefaults(store);
    JsonObject listed = auto("synthesis");
    listed.getJsonObject("engines").getJsonObject("piper").put("voice", new JsonArray().add("a").add("b"));
    VerticleSettings synthesis = defaults.resolve(settings("synthesis", listed));
    assertThat(synthesis.engine()).as("voices named explicitly mean piper").isEqualTo("piper");
    assertThat(synthesis.config().section("engines").section("piper").strings("voice", List.of()))
        .containsExactly("a", "b");
    VerticleSettings bare = defaults.resolve(settings("reasoning", new JsonObject().put("engine", "auto")));
    assertThat(bare.engine()).as("no engines section at all").isEqualTo("grounded");
    JsonObject noModel = new JsonObject().put("engine", "auto")
        .put("engines", new JsonObject().put("llamacpp", new JsonObject()));
    assertThat(defaults.resolve(settings("reasoning", noModel)).engine()).isEqualTo("grounded");
    JsonObject hosts = auto("podcast");
    hosts.getJsonObject("hosts").put("first-voice", "cmu_us_awb");
    Settings resolved = defaults.resolve(settings("podcast", hosts)).config().section("hosts");
    assertThat(List.of(resolved.string("first-voice", null), resolved.string("second-voice", null)))
        .containsExactly("cmu_us_awb", "marin");
  }

  @Test
  void aSectionThatIsNoMappingIsLeftForTheVerticleToReport(@TempDir Path store) {
    JsonObject scalar = new JsonObject().put("engine", "auto").put("engines", "piper please");
    VerticleSettings synthesis = new ModelDefaults(store).resolve(settings("synthesis", scalar));
    assertThat(synthesis.config().json().getValue("engines")).isEqualTo("piper please");
    assertThat(synthesis.engine()).isEqualTo("flite");
  }

  @Test
  void aWhisperDirectoryWithAConfigButNoEncoderIsNoModel(@TempDir Path store) throws Exception {
    Path half = Files.createDirectories(store.resolve("whisper-half"));
    Files.writeString(half.resolve("config.json"), "{}");
    assertThat(ModelDefaults.whisperModelAt(half)).isFalse();
    Files.createDirectories(half.resolve("onnx"));
    Files.writeString(half.resolve("onnx/encoder_model.onnx"), "x");
    assertThat(ModelDefaults.whisperModelAt(half)).isTrue();
    assertThat(ModelDefaults.whisperModelAt(store.resolve("nowhere"))).isFalse();
  }
}
