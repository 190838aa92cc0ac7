package dev.nexus.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.audio.Pcm;
import dev.nexus.audio.Wav;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whisper engine behind /v1/audio/transcriptions (tiny random model), and its fallback to pocketsphinx. */
class WhisperServerTest {

  static Path config(Path dir, String model) throws Exception {
    Files.writeString(dir.resolve("speech.yaml"), "engine: whisper\nengines:\n  whisper:\n    model: " + model
        + "\n    assets: " + TestSupport.models().resolve("whisper") + "\n");
    return dir;
  }

  static HttpResponse<Buffer> upload(TestSupport.Running running, Path wav, String language) throws Exception {
    MultipartForm form = MultipartForm.create().attribute("model", "whisper-1");
    if (language != null) {
      form.attribute("language", language);
    }
    form.binaryFileUpload("file", "speech.wav", wav.toString(), "audio/wav");
    return running.http().post("/v1/audio/transcriptions").sendMultipartForm(form).await(60, TimeUnit.SECONDS);
  }

  @Test
  void whisperServesTranscriptionsWithAnyLanguageItKnows(@TempDir Path dir) throws Exception {
    Path model = Path.of("src/test/resources/models/whisper-tiny-random").toAbsolutePath();
    try (TestSupport.Running running = TestSupport.running(config(dir, model.toString()))) {
      JsonObject speech = running.http().get("/health").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject()
          .getJsonObject("verticles").getJsonObject("speech");
      assertThat(speech.getString("engine")).isEqualTo("whisper");
      assertThat(speech.getInteger("partial_interval_ms")).isEqualTo(1500);
      Path wav = Files.createTempFile("signal", ".wav");
      float[] signal = WhisperFrontEndTest.signal();
      Files.write(wav, Wav.of(Pcm.toBytes(signal, 0, signal.length), 16000));
      HttpResponse<Buffer> english = upload(running, wav, "en");
      assertThat(english.statusCode()).as(english.bodyAsString()).isEqualTo(200);
      assertThat(english.bodyAsJsonObject().getString("text")).isNotBlank();
      assertThat(upload(running, wav, "de").statusCode()).isEqualTo(200); // whisper is multilingual
      MultipartForm verbose = MultipartForm.create().attribute("model", "whisper-1").attribute("language", "en")
          .attribute("response_format", "verbose_json").binaryFileUpload("file", "speech.wav", wav.toString(), "audio/wav");
      JsonObject v = running.http().post("/v1/audio/transcriptions").sendMultipartForm(verbose).await(60, TimeUnit.SECONDS)
          .bodyAsJsonObject();
      assertThat(v.getJsonArray("segments").size()).as(v.encode()).isPositive(); // from Whisper's timestamps
      JsonObject first = v.getJsonArray("segments").getJsonObject(0);
      assertThat(first.getDouble("start")).isBetween(0.0, 1.0);
      assertThat(first.getDouble("end")).isGreaterThanOrEqualTo(first.getDouble("start"));
      assertThat(upload(running, wav, "klingon").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void aMissingWhisperModelIsReportedAndPocketsphinxServes(@TempDir Path dir) throws Exception {
    try (TestSupport.Running running = TestSupport.running(config(dir, "whisper-none"))) {
      JsonObject speech = running.http().get("/health").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject()
          .getJsonObject("verticles").getJsonObject("speech");
      assertThat(speech.getString("engine")).isEqualTo("pocketsphinx");
      assertThat(speech.getInteger("partial_interval_ms")).isEqualTo(300);
      assertThat(speech.getString("fallback_from")).isEqualTo("whisper");
      assertThat(speech.getString("fallback_reason")).contains("whisper-none");
    }
  }
}
