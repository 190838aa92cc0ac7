package dev.nexus.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.nexus.TestSupport;
import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one device policy of the ONNX engines: its settings, and where OnnxSessions puts an engine. */
class DevicePolicyTest {

  static DevicePolicy read(String device, int pool) {
    JsonObject whisper = new JsonObject();
    if (device != null) {
      whisper.put("device", device);
    }
    return DevicePolicy.read(new Settings("speech.yaml", new JsonObject().put("engines",
        new JsonObject().put("whisper", whisper))).section("engines").section("whisper"), pool);
  }

  @Test
  void devicesAreAutoCpuOrCudaWithAnOptionalNumberAndThreadsDefaultToThePoolSize() {
    assertThat(read(null, 3)).isEqualTo(new DevicePolicy("auto", 0, 3, 3));
    assertThat(read("cpu", 2).requested()).isEqualTo("cpu");
    assertThat(read("CUDA", 2)).isEqualTo(new DevicePolicy("cuda:0", 0, 2, 2));
    assertThat(read("cuda:1", 2)).isEqualTo(new DevicePolicy("cuda:1", 1, 2, 2));
    DevicePolicy threads = DevicePolicy.read(new Settings("speech.yaml", new JsonObject().put("intra-op-threads", 4)
        .put("inter-op-threads", 1)), 2);
    assertThat(threads.intraOpThreads()).isEqualTo(4);
    assertThat(threads.interOpThreads()).isEqualTo(1);
  }

  @Test
  void aBadDeviceIsAConfigErrorNamingTheFileAndTheKey() {
    for (String bad : List.of("gpu", "cpu:1", "cuda:x", "cuda:123", "auto:0")) {
      assertThatThrownBy(() -> read(bad, 2)).as(bad).isInstanceOf(ConfigException.class)
          .hasMessage("speech.yaml: key 'engines.whisper.device' must be auto, cpu, cuda or cuda:N (N the GPU's number)"
              + " (got \"" + bad + "\")");
    }
    assertThatThrownBy(() -> DevicePolicy.read(new Settings("speech.yaml", new JsonObject()
        .put("intra-op-threads", 0)), 2)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("speech.yaml: key 'intra-op-threads' must be an integer from 1 to 1024");
  }

  @Test
  void cudaWithoutTheCudaProviderLoadsTheSameEngineOnTheCpuAndSaysWhy() throws Exception {
    assumeFalse(OnnxSessions.cudaInBuild(), "this ONNX Runtime has the CUDA provider");
    Path model = TestSupport.models().resolve("silero_vad.onnx");
    List<String> loads = new ArrayList<>();
    OnnxSessions.Placed<OrtSession> placed = OnnxSessions.place("silero-vad", read("cuda:1", 2), options -> {
      loads.add("load");
      return OrtEnvironment.getEnvironment().createSession(model.toString(), options);
    });
    try (OrtSession session = placed.engine()) {
      assertThat(session.getInputNames()).contains("input", "state", "sr"); // the same model, loaded
      Placement p = placed.placement();
      assertThat(p.requested()).isEqualTo("cuda:1");
      assertThat(p.device()).isEqualTo("cpu");
      assertThat(p.provider()).isEqualTo(Placement.CPU_PROVIDER);
      assertThat(p.fallbackReason()).startsWith("CUDA could not be used (").endsWith("the same engine runs on the CPU");
      assertThat(p.toJson().getString("fallback_reason")).isEqualTo(p.fallbackReason());
      assertThat(p.toJson().getInteger("threads")).isEqualTo(2);
    }
    assertThat(loads).hasSize(1); // addCUDA failed before any session was made: the CPU load is the only one
  }

  @Test
  void autoWithoutTheCudaProviderIsTheCpuWithNothingToExplain() throws Exception {
    assumeFalse(OnnxSessions.cudaInBuild(), "this ONNX Runtime has the CUDA provider");
    Path model = TestSupport.models().resolve("silero_vad.onnx");
    OnnxSessions.Placed<OrtSession> placed = OnnxSessions.place("silero-vad", read("auto", 1),
        options -> OrtEnvironment.getEnvironment().createSession(model.toString(), options));
    placed.engine().close();
    assertThat(placed.placement()).isEqualTo(new Placement("silero-vad", "auto", "cpu", Placement.CPU_PROVIDER, 1,
        null));
    assertThat(placed.placement().toJson().containsKey("fallback_reason")).isFalse();
  }

  @Test
  void anEngineThatCannotLoadOnTheCpuFailsWithItsOwnError() {
    assertThatThrownBy(() -> OnnxSessions.place("whisper", read("cuda", 1), options -> {
      throw new IOException("Whisper model incomplete");
    })).isInstanceOf(IOException.class).hasMessage("Whisper model incomplete");
  }

  @Test
  void autoTriesCudaOnlyWhenTheBuildHasItAndAPlacementWithoutAThreadCountReportsNone() {
    assertThat(read("auto", 2).wantsCuda(true)).isTrue();
    assertThat(read("auto", 2).wantsCuda(false)).isFalse();
    assertThat(read("cpu", 2).wantsCuda(true)).isFalse();
    assertThat(read("cuda:1", 2).wantsCuda(false)).isTrue();
    JsonObject remote = new Placement("openai", "auto", "remote", "https://example.org", 0, null).toJson();
    assertThat(remote.containsKey("threads")).isFalse();
    assertThat(remote.getString("device")).isEqualTo("remote");
  }
}
