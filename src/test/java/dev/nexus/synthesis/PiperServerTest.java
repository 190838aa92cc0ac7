package dev.nexus.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.audio.Pcm;
import dev.nexus.audio.Wav;
import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The piper engine through the running server, with the tiny random-weight voice written by
 * scripts/make_tiny_piper.py: it proves phonemization, id mapping, ONNX inference, resampling,
 * chunking and word timing, not how the voice sounds (it is noise by construction). And the
 * fallback to Flite when the configured voice is missing.
 */
class PiperServerTest {

  static NexusServer start(Path dir, String voice) throws Exception {
    Path voices = Path.of("src/test/resources/models/piper").toAbsolutePath();
    Files.writeString(dir.resolve("synthesis.yaml"), "engine: piper\nengines:\n  piper:\n    voice: " + voice
        + "\n    dir: " + voices + "\n");
    return TestSupport.startServer(dir);
  }

  @Test
  void aPiperVoiceSpeaksThroughTheServerBesideTheFliteAndEspeakVoices(@TempDir Path dir) throws Exception {
    NexusServer server = start(dir, "nexus-tiny-random");
    Vertx client = Vertx.vertx();
    try {
      WebClient web = WebClient.create(client);
      JsonObject health = web.get(server.port(), "localhost", "/health").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      JsonObject synthesis = health.getJsonObject("verticles").getJsonObject("synthesis");
      assertThat(synthesis.getString("engine")).isEqualTo("piper");
      assertThat(synthesis.getString("default_voice")).isEqualTo("nexus-tiny-random");
      assertThat(synthesis.getInteger("sample_rate")).isEqualTo(16000);
      JsonObject voices = web.get(server.port(), "localhost", "/v1/voices").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      assertThat(voices.getJsonArray("data").getJsonObject(0).getString("engine")).isEqualTo("piper");

      HttpResponse<Buffer> sse = web.post(server.port(), "localhost", "/v1/audio/speech").sendJsonObject(new JsonObject()
          .put("input", "Hello there. This is a neural voice, wired end to end!").put("stream_format", "sse"))
          .await(30, TimeUnit.SECONDS);
      assertThat(sse.statusCode()).isEqualTo(200);
      List<String> words = new ArrayList<>();
      long last = -1;
      int deltas = 0;
      for (String line : sse.bodyAsString().split("\n")) {
        if (line.startsWith("data: ") && line.contains("speech.audio.delta")) {
          JsonObject event = new JsonObject(line.substring(6));
          deltas++;
          for (Object o : event.getJsonArray("words")) {
            JsonObject w = (JsonObject) o;
            assertThat(w.getLong("start_ms")).isGreaterThan(last);
            last = w.getLong("start_ms");
            words.add(w.getString("word"));
          }
        }
      }
      assertThat(deltas).isGreaterThan(10);
      assertThat(String.join(" ", words)).isEqualTo("Hello there This is a neural voice wired end to end");

      HttpResponse<Buffer> wav = web.post(server.port(), "localhost", "/v1/audio/speech").sendJsonObject(new JsonObject()
          .put("input", "A second sentence, at a quicker pace.").put("speed", 1.5)).await(30, TimeUnit.SECONDS);
      Wav.Audio audio = Wav.parse(wav.body().getBytes());
      assertThat(audio.sampleRate()).isEqualTo(24000);
      assertThat(audio.durationSeconds()).isGreaterThan(0.5);
      assertThat(Pcm.rms(Pcm.toBytes(audio.samples(), 0, audio.samples().length))).isGreaterThan(0.01);

      for (String other : List.of("nova", "cmu_us_awb", "en-us")) { // Flite's and espeak-ng's voices stay available
        HttpResponse<Buffer> speech = web.post(server.port(), "localhost", "/v1/audio/speech").sendJsonObject(
            new JsonObject().put("input", "The other voices stay available.").put("voice", other))
            .await(30, TimeUnit.SECONDS);
        assertThat(speech.statusCode()).as(other).isEqualTo(200);
        assertThat(Wav.parse(speech.body().getBytes()).durationSeconds()).as(other).isGreaterThan(1.0);
      }
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
      server.stop().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aMissingPiperVoiceIsReportedAtStartAndFliteServesInstead(@TempDir Path dir) throws Exception {
    NexusServer server = start(dir, "en_US-nobody-medium");
    Vertx client = Vertx.vertx();
    try {
      WebClient web = WebClient.create(client);
      JsonObject synthesis = web.get(server.port(), "localhost", "/health").send().await(10, TimeUnit.SECONDS)
          .bodyAsJsonObject().getJsonObject("verticles").getJsonObject("synthesis");
      assertThat(synthesis.getString("status")).isEqualTo("UP");
      assertThat(synthesis.getString("engine")).isEqualTo("flite");
      assertThat(synthesis.getString("fallback_from")).isEqualTo("piper");
      assertThat(synthesis.getString("fallback_reason")).contains("en_US-nobody-medium.onnx");
      HttpResponse<Buffer> speech = web.post(server.port(), "localhost", "/v1/audio/speech")
          .sendJsonObject(new JsonObject().put("input", "Still speaking.")).await(30, TimeUnit.SECONDS);
      assertThat(speech.statusCode()).isEqualTo(200);
    } finally {
      client.close().await(10, TimeUnit.SECONDS);
      server.stop().await(30, TimeUnit.SECONDS);
    }
  }
}
