package dev.nexus.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import dev.nexus.models.ModelCatalog.ModelFile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls real model files over HTTP from a loopback mirror that serves the test store's copies at
 * the same paths as their public homes, so the download, hashing and atomic rename are exercised.
 */
class ModelStoreTest {
  static Vertx vertx;
  static HttpServer mirror;
  static ModelStore source;
  static volatile boolean corrupt;

  @BeforeAll
  static void startMirror() throws Exception {
    source = TestSupport.models();
    vertx = Vertx.vertx();
    mirror = vertx.createHttpServer().requestHandler(request -> {
      for (ModelCatalog.Model model : source.catalog().all()) {
        for (ModelFile file : model.files()) {
          if (URI.create(file.url()).getRawPath().equals(request.path())) {
            Path local = source.resolve(file.path());
            if (!Files.isRegularFile(local)) {
              break;
            }
            if (corrupt) {
              request.response().end("not the model");
            } else {
              request.response().sendFile(local.toString());
            }
            return;
          }
        }
      }
      request.response().setStatusCode(404).end();
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopMirror() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  ModelStore storeIn(Path dir) {
    return new ModelStore(dir, ModelCatalog.embedded(), "http://127.0.0.1:" + mirror.actualPort() + "/");
  }

  @Test
  void pullDownloadsVerifiesAndSkipsWhatIsPresent(@TempDir Path dir) throws Exception {
    corrupt = false;
    ModelStore store = storeIn(dir);
    assertThat(store.isPresent("silero-vad")).isFalse();
    assertThat(store.verify("silero-vad")).isEqualTo("silero_vad.onnx: missing");
    List<String> lines = new ArrayList<>();
    store.pull("silero-vad", lines::add);
    assertThat(lines.get(lines.size() - 1)).endsWith("sha256 ok");
    assertThat(store.isPresent("silero-vad")).isTrue();
    assertThat(store.verify("silero-vad")).isNull();
    assertThat(Files.size(dir.resolve("silero_vad.onnx")))
        .isEqualTo(Files.size(source.resolve("silero_vad.onnx")));
    assertThat(dir.resolve("silero_vad.onnx.partial")).doesNotExist();

    lines.clear();
    store.pull("silero-vad", lines::add);
    assertThat(lines).containsExactly("silero_vad.onnx: present, sha256 ok");

    Files.writeString(dir.resolve("silero_vad.onnx"), "tampered");
    assertThat(store.verify("silero-vad")).contains("does not match");
  }

  @Test
  void aDownloadWithTheWrongHashIsRejectedAndNothingIsWritten(@TempDir Path dir) {
    corrupt = true;
    try {
      ModelStore store = storeIn(dir);
      assertThatThrownBy(() -> store.pull("whisper-assets", line -> { }))
          .hasMessageContaining("sha256 of the download is").hasMessageContaining("nothing was written");
      assertThat(dir.resolve("whisper/mel_filters.npz")).doesNotExist();
      assertThat(dir.resolve("whisper/mel_filters.npz.partial")).doesNotExist();
    } finally {
      corrupt = false;
    }
  }

  @Test
  void aMissingFileOnTheServerIsAnError(@TempDir Path dir) {
    ModelStore store = new ModelStore(dir, ModelCatalog.embedded(),
        "http://127.0.0.1:" + mirror.actualPort() + "/nothing-here");
    assertThatThrownBy(() -> store.pull("silero-vad", line -> { })).hasMessageContaining("HTTP 404");
    ModelStore unreachable = new ModelStore(dir, ModelCatalog.embedded(), "http://127.0.0.1:9");
    assertThatThrownBy(() -> unreachable.pull("silero-vad", line -> { })).hasMessageContaining("could not be reached")
        .hasMessageContaining("ConnectException");
  }

  @Test
  void aDirectoryMirrorMissingAFileSaysWhichAndWritesNothing(@TempDir Path mirror, @TempDir Path dir) {
    ModelStore store = new ModelStore(dir, ModelCatalog.embedded(), mirror.toString());
    assertThat(store.sourceUrl("https://example.org/a/b")).isEqualTo(mirror.toUri() + "a/b");
    assertThatThrownBy(() -> store.pull("silero-vad", line -> { })).hasMessageContaining("no such file in the mirror")
        .hasMessageContaining("silero_vad.onnx");
    assertThat(dir.resolve("silero_vad.onnx")).doesNotExist();
  }

  @Test
  void catalogAndPathsAreChecked(@TempDir Path dir) {
    ModelStore store = new ModelStore(dir, ModelCatalog.embedded(), null);
    assertThat(store.sourceUrl("https://example.org/a/b")).isEqualTo("https://example.org/a/b");
    assertThat(storeIn(dir).sourceUrl("https://example.org/a/b"))
        .isEqualTo("http://127.0.0.1:" + mirror.actualPort() + "/a/b");
    assertThat(store.catalog().all()).extracting(ModelCatalog.Model::name)
        .contains("silero-vad", "whisper-assets", "jfk-sample");
    assertThat(store.catalog().all()).allSatisfy(model -> assertThat(model.files())
        .allSatisfy(f -> assertThat(f.sha256()).hasSize(64)));
    assertThatThrownBy(() -> store.isPresent("gpt-9")).hasMessageContaining("unknown model 'gpt-9'");
    assertThatThrownBy(() -> store.resolve("../../etc/passwd")).hasMessageContaining("escapes the store");
  }

  @Test
  void theTestStoreHoldsTheCatalogFilesWithTheirPinnedHashes() {
    assertThat(source.verify("silero-vad")).isNull();
    assertThat(source.verify("whisper-assets")).isNull();
  }

  @Test
  void whisperCheckpointsArePinnedToOpenAisHashAndConvertedAfterTheDownload(@TempDir Path dir) throws Exception {
    ModelCatalog.Model tiny = ModelCatalog.embedded().get("whisper-tiny");
    // openai/whisper publishes each checkpoint under its own sha256
    assertThat(tiny.files().get(0).url()).contains("/" + tiny.files().get(0).sha256() + "/tiny.pt");
    assertThat(tiny.convert()).isEqualTo("whisper-onnx");
    assertThat(ModelCatalog.embedded().all()).extracting(ModelCatalog.Model::name)
        .contains("whisper-tiny.en", "whisper-base", "whisper-small", "whisper-large-v3", "whisper-large-v3-turbo");

    // the conversion step, on a checkpoint in OpenAI's format (the tiny random model's weights)
    Path checkpoint = Path.of("src/test/resources/models/whisper-tiny-random/openai-checkpoint.pt");
    ModelStore store = new ModelStore(dir, ModelCatalog.embedded(), null);
    Files.createDirectories(dir.resolve("whisper-tiny"));
    Files.copy(checkpoint, dir.resolve("whisper-tiny/tiny.pt"));
    assertThat(store.isPresent("whisper-tiny")).as("downloaded, not yet converted").isFalse();
    ModelStore broken = new ModelStore(dir, ModelCatalog.embedded(), null).python("/nonexistent/python3");
    assertThatThrownBy(() -> broken.convert(tiny, line -> { })).hasMessageContaining("python3-torch");
    List<String> lines = new java.util.ArrayList<>();
    store.convert(tiny, lines::add);
    assertThat(store.isPresent("whisper-tiny")).isTrue();
    assertThat(WhisperConversion.done(dir.resolve("whisper-tiny"))).isTrue();
    assertThat(String.join("\n", lines)).contains("exporting to ONNX").contains("decoder_model_merged.onnx");
    lines.clear();
    store.convert(tiny, lines::add);
    assertThat(lines).containsExactly("ONNX export present in " + dir.resolve("whisper-tiny"));
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("no working directory left").containsExactly("whisper-tiny");
    }
  }

  @Test
  void aModelWithAnUnknownConversionIsRefusedNamingItAndAModelWithoutFilesHasNone(@TempDir Path dir) {
    ModelCatalog.Model odd = new ModelCatalog.Model("odd", "a model from elsewhere", null, "tflite");
    assertThat(odd.files()).isEmpty();
    assertThat(odd.bundle()).isFalse();
    assertThatThrownBy(() -> new ModelStore(dir, ModelCatalog.embedded(), " ").convert(odd, line -> { }))
        .isInstanceOf(IOException.class).hasMessage("odd: unknown conversion 'tflite'");
  }
}
