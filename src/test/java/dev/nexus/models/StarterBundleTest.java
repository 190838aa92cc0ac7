package dev.nexus.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.models.ModelCatalog.Model;
import dev.nexus.models.ModelCatalog.ModelFile;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models pull starter} from a local directory mirror (NEXUS_MODELS_MIRROR) holding the repository's tiny
 * test models under the bundle's file names, then a server on that store with the embedded configuration: it runs
 * Whisper, both Piper voices and llama.cpp with no configuration edit. The real files cannot be fetched where this is
 * built, so the test catalog is the embedded one with each sha256 replaced by the stand-in file's.
 */
class StarterBundleTest {

  /** The stand-in for each file of the starter bundle: the test models, and the shared store's real small files. */
  static Path standIn(ModelFile file) {
    Path tests = Path.of("src/test/resources/models");
    String path = file.path();
    if (path.endsWith(".pt")) {
      return tests.resolve("whisper-tiny-random/openai-checkpoint.pt");
    }
    if (path.startsWith("piper/")) {
      return tests.resolve(path.endsWith(".json") ? "piper/nexus-tiny-random.onnx.json" : "piper/nexus-tiny-random.onnx");
    }
    if (path.endsWith(".gguf")) {
      return tests.resolve("tiny-random-llama.gguf");
    }
    return TestSupport.models().resolve(path); // silero_vad.onnx and Whisper's assets, the real files
  }

  /** Fills the mirror directory at each file's URL path and returns the catalog with the stand-ins' sha256. */
  static ModelCatalog mirror(Path mirror) throws Exception {
    ModelCatalog embedded = ModelCatalog.embedded();
    List<String> starter = embedded.get("starter").includes();
    List<Model> models = new ArrayList<>();
    for (Model model : embedded.all()) {
      if (!starter.contains(model.name())) {
        models.add(model);
        continue;
      }
      List<ModelFile> files = new ArrayList<>();
      for (ModelFile file : model.files()) {
        Path source = standIn(file);
        Path target = mirror.resolve(URI.create(file.url()).getPath().substring(1));
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
        files.add(new ModelFile(file.path(), file.url(), ModelStore.sha256(source), file.license()));
      }
      models.add(new Model(model.name(), model.description(), files, model.convert(), model.includes()));
    }
    return ModelCatalog.of(models);
  }

  @Test
  void theStarterBundlePulledFromAMirrorDirectoryRunsWhisperPiperAndLlamaCppWithNoConfigEdit(@TempDir Path mirror,
      @TempDir Path store) throws Exception {
    ModelCatalog catalog = mirror(mirror);
    ModelStore models = new ModelStore(store, catalog, mirror.toString());
    assertThat(models.isPresent("starter")).isFalse();
    assertThat(models.verify("starter")).isEqualTo("silero_vad.onnx: missing");
    List<String> lines = new ArrayList<>();
    models.pull("starter", lines::add);
    assertThat(String.join("\n", lines)).contains("piper-en_US-ryan-medium: piper/en_US-ryan-medium.onnx: downloading file:")
        .contains("whisper-base.en: ONNX export done");
    assertThat(models.isPresent("starter")).isTrue();
    assertThat(models.verify("starter")).isNull();
    lines.clear();
    models.pull("starter", lines::add);
    assertThat(lines).contains("qwen2.5-0.5b-instruct: llm/qwen2.5-0.5b-instruct-q4_k_m.gguf: present, sha256 ok");

    try (TestSupport.Running running = TestSupport.running(null, Map.of("NEXUS_MODELS", store.toString()))) {
      JsonObject health = running.http().get("/health").send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
      JsonObject verticles = health.getJsonObject("verticles");
      assertThat(verticles.getJsonObject("speech").getString("engine")).as(health.encode()).isEqualTo("whisper");
      assertThat(verticles.getJsonObject("speech").getBoolean("vad")).isTrue();
      assertThat(verticles.getJsonObject("synthesis").getString("engine")).isEqualTo("piper");
      assertThat(verticles.getJsonObject("synthesis").getString("default_voice")).isEqualTo("en_US-lessac-medium");
      assertThat(verticles.getJsonObject("reasoning").getString("engine")).isEqualTo("llamacpp");
      assertThat(verticles.getJsonObject("reasoning").getJsonArray("models").getList())
          .containsExactly("qwen2.5-0.5b-instruct-q4_k_m.gguf");
      assertThat(health.getJsonObject("setup").getJsonArray("add")).as("nothing left to add").isEmpty();
      JsonObject modelList = running.http().get("/v1/models").send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
      assertThat(modelList.getJsonObject("setup")).isEqualTo(health.getJsonObject("setup"));

      String voices = running.http().get("/v1/voices").send().await(10, TimeUnit.SECONDS).bodyAsString();
      assertThat(voices).contains("\"en_US-lessac-medium\"").contains("\"en_US-ryan-medium\"");
      for (String voice : List.of("en_US-lessac-medium", "en_US-ryan-medium")) { // each host's voice file speaks
        HttpResponse<Buffer> speech = running.http().post("/v1/audio/speech").sendJsonObject(new JsonObject()
            .put("model", "tts-1").put("input", "Hello there.").put("voice", voice).put("response_format", "pcm"))
            .await(60, TimeUnit.SECONDS);
        assertThat(speech.statusCode()).as(speech.bodyAsString()).isEqualTo(200);
        assertThat(speech.body().length()).isGreaterThan(1000);
      }
    }
  }

  @Test
  void theEmbeddedStarterBundleNamesEachPartWithItsPublishedHash() {
    ModelCatalog catalog = ModelCatalog.embedded();
    Model starter = catalog.get("starter");
    assertThat(starter.bundle()).isTrue();
    assertThat(starter.includes()).containsExactly("silero-vad", "whisper-assets", "whisper-base.en",
        "piper-en_US-lessac-medium", "piper-en_US-ryan-medium", "qwen2.5-0.5b-instruct");
    assertThat(catalog.get("qwen2.5-0.5b-instruct").files().get(0).sha256())
        .isEqualTo("74a4da8c9fdbcd15bd1f6d01d621410d31c6fc00986f5eb687824e7b93d7a9db");
    assertThat(catalog.get("piper-en_US-ryan-medium").files()).extracting(ModelFile::path)
        .containsExactly("piper/en_US-ryan-medium.onnx", "piper/en_US-ryan-medium.onnx.json");
    assertThat(catalog.all()).filteredOn(m -> !m.bundle()).allSatisfy(m -> assertThat(m.files()).isNotEmpty()
        .allSatisfy(f -> assertThat(f.url()).as("pinned to a tag, commit or hash").doesNotContain("/resolve/main/")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ModelCatalog.of(List.of(new Model("b", "", List.of(),
        null, List.of("later"))))).hasMessageContaining("'later', which is not listed before it");
  }
}
