package dev.nexus.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.nexus.TestSupport;
import dev.nexus.audio.Pcm;
import dev.nexus.audio.Wav;
import dev.nexus.config.ConfigException;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ONNX engine (Whisper, Silero VAD, Piper, MiniLM) under the device policy, through a running server's
 * /health: auto on a machine without CUDA runs each on the CPU; cuda falls back to the same engine on the CPU, not to
 * PocketSphinx or espeak; a bad device stops start-up naming the file and the key. And llama.cpp's gpu-layers
 * without a CUDA build is a warning in /health.
 */
class DevicesServerTest {
  static final Path WHISPER = Path.of("src/test/resources/models/whisper-tiny-random").toAbsolutePath();
  static final Path PIPER = Path.of("src/test/resources/models/piper").toAbsolutePath();

  static Path config(Path dir, String device) throws Exception {
    String line = device == null ? "" : "    device: " + device + "\n";
    Files.writeString(dir.resolve("speech.yaml"), "engine: whisper\nvad:\n  model: silero_vad.onnx\n"
        + (device == null ? "" : "  device: " + device + "\n") + "engines:\n  whisper:\n    model: " + WHISPER
        + "\n    assets: " + TestSupport.models().resolve("whisper") + "\n" + line);
    Files.writeString(dir.resolve("synthesis.yaml"), "engine: piper\nengines:\n  piper:\n    voice: nexus-tiny-random\n"
        + "    dir: " + PIPER + "\n" + line);
    Files.writeString(dir.resolve("reasoning.yaml"), "engine: grounded\nengines:\n  grounded:\n" + line);
    return dir;
  }

  static JsonObject health(TestSupport.Running running) throws Exception {
    return running.http().get("/health").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonObject("verticles");
  }

  @Test
  void autoRunsEveryOnnxEngineOnTheCpuWithoutCudaAndHealthSaysSo(@TempDir Path dir) throws Exception {
    assumeFalse(OnnxSessions.cudaInBuild(), "this ONNX Runtime has the CUDA provider");
    try (TestSupport.Running running = TestSupport.running(config(dir, null))) {
      JsonObject verticles = health(running);
      JsonObject speech = verticles.getJsonObject("speech");
      assertThat(speech.getString("engine")).isEqualTo("whisper");
      assertThat(speech.getJsonObject("devices").getJsonObject("whisper")).isEqualTo(new JsonObject()
          .put("requested", "auto").put("device", "cpu").put("provider", "CPUExecutionProvider").put("threads", 2));
      // the embedded speech.yaml gives the VAD one thread (a 32 ms frame is too little work to share)
      assertThat(speech.getJsonObject("devices").getJsonObject("silero-vad")).isEqualTo(new JsonObject()
          .put("requested", "auto").put("device", "cpu").put("provider", "CPUExecutionProvider").put("threads", 1));
      JsonObject synthesis = verticles.getJsonObject("synthesis");
      assertThat(synthesis.getString("engine")).isEqualTo("piper");
      assertThat(synthesis.getJsonObject("devices").getJsonObject("piper").getString("device")).isEqualTo("cpu");
      JsonObject reasoning = verticles.getJsonObject("reasoning");
      assertThat(reasoning.getJsonObject("devices").getJsonObject("minilm").getString("provider"))
          .isEqualTo("CPUExecutionProvider");
    }
  }

  @Test
  void cudaThatCannotLoadFallsBackToTheSameEnginesOnTheCpu(@TempDir Path dir) throws Exception {
    assumeFalse(OnnxSessions.cudaInBuild(), "this ONNX Runtime has the CUDA provider");
    try (TestSupport.Running running = TestSupport.running(config(dir, "cuda"))) {
      JsonObject verticles = health(running);
      JsonObject speech = verticles.getJsonObject("speech");
      assertThat(speech.getString("engine")).isEqualTo("whisper"); // not pocketsphinx
      assertThat(speech.containsKey("fallback_from")).isFalse();
      assertThat(speech.getBoolean("vad")).isTrue();
      for (String engine : new String[] {"whisper", "silero-vad"}) {
        JsonObject device = speech.getJsonObject("devices").getJsonObject(engine);
        assertThat(device.getString("requested")).isEqualTo("cuda:0");
        assertThat(device.getString("device")).isEqualTo("cpu");
        assertThat(device.getString("fallback_reason")).as(engine).startsWith("CUDA could not be used");
      }
      JsonObject synthesis = verticles.getJsonObject("synthesis");
      assertThat(synthesis.getString("engine")).isEqualTo("piper"); // not espeak
      assertThat(synthesis.getJsonObject("devices").getJsonObject("piper").getString("fallback_reason"))
          .startsWith("CUDA could not be used");
      // whisper on the CPU serves: a transcription comes back (random weights: some text, not words)
      float[] tone = new float[16000];
      for (int i = 0; i < tone.length; i++) {
        tone[i] = (float) (0.3 * Math.sin(i * 0.05));
      }
      Path wav = dir.resolve("tone.wav");
      Files.write(wav, Wav.of(Pcm.toBytes(tone, 0, tone.length), 16000));
      HttpResponse<Buffer> response = running.http().post("/v1/audio/transcriptions").sendMultipartForm(
          MultipartForm.create().attribute("model", "whisper-1").attribute("language", "en")
              .binaryFileUpload("file", "tone.wav", wav.toString(), "audio/wav")).await(60, TimeUnit.SECONDS);
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().containsKey("text")).isTrue();
    }
  }

  @Test
  void aBadDeviceStopsStartUpNamingTheFileAndTheKey(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("synthesis.yaml"), "engine: piper\nengines:\n  piper:\n    device: gpu\n");
    assertThatThrownBy(() -> TestSupport.startServer(dir)).isInstanceOf(ConfigException.class)
        .hasMessageEndingWith("synthesis.yaml: key 'engines.piper.device' must be auto, cpu, cuda or cuda:N "
            + "(N the GPU's number) (got \"gpu\")");
  }

  @Test
  void gpuLayersWithoutACudaBuildOfLlamaCppAreAWarningInHealth(@TempDir Path dir) throws Exception {
    Path model = Path.of("src/test/resources/models/tiny-random-llama.gguf").toAbsolutePath();
    Files.writeString(dir.resolve("reasoning.yaml"), "engine: llamacpp\nengines:\n  llamacpp:\n    model: " + model
        + "\n    context-size: 256\n    gpu-layers: 4\n");
    try (TestSupport.Running running = TestSupport.running(dir)) {
      JsonObject llama = health(running).getJsonObject("reasoning").getJsonObject("devices").getJsonObject("llamacpp");
      assertThat(llama.getString("requested")).isEqualTo("gpu-layers 4");
      assertThat(llama.getString("device")).isEqualTo("cpu");
      assertThat(llama.getString("fallback_reason")).startsWith("gpu-layers 4 has no effect");
    }
  }
}
