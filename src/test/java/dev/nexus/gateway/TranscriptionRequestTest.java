package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.Codecs;
import dev.nexus.bus.Transcription;
import dev.nexus.bus.TranscriptionRequest;
import dev.nexus.client.RoutedServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * POST /v1/audio/transcriptions against a speech stage that reports what it was given: which uploads are raw PCM
 * (and so carry sample_rate), the form fields it refuses naming them, and verbose_json's language and segments.
 */
class TranscriptionRequestTest {
  static Vertx vertx;
  static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Codecs.register(vertx.eventBus());
    vertx.eventBus().<TranscriptionRequest>consumer(Addresses.SPEECH_TRANSCRIBE, m -> {
      String language = m.body().language() == null ? "en" : m.body().language();
      List<Transcription.TimedWord> words = "none".equals(language) ? List.of() : List.of(
          new Transcription.TimedWord("ask", 0, 300), new Transcription.TimedWord("not", 350, 600),
          new Transcription.TimedWord("what", 1400, 1700));
      m.reply(new Transcription("rate " + m.body().rawSampleRate(), language, 2000, words, null));
    });
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(Files.createTempDirectory("nexus-uploads").toString())
        .setDeleteUploadedFilesOnEnd(true));
    new TranscriptionRoutes(vertx).mount(router);
    http = RoutedServer.serve(vertx, router).http();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static HttpResponse<Buffer> post(String fileName, String contentType, Map<String, String> fields) throws Exception {
    MultipartForm form = MultipartForm.create().binaryFileUpload("file", fileName, Buffer.buffer(new byte[320]),
        contentType);
    fields.forEach(form::attribute);
    return http.post("/v1/audio/transcriptions").sendMultipartForm(form).await(10, TimeUnit.SECONDS);
  }

  static void refused(Map<String, String> fields, String param) throws Exception {
    HttpResponse<Buffer> r = post("a.wav", "audio/wav", fields);
    assertThat(r.statusCode()).as(fields + " -> " + r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("param")).isEqualTo(param);
  }

  @Test
  void aBlankModelAndASampleRateOutsideItsRangeOrNotANumberAreRefusedNamingTheField() throws Exception {
    refused(Map.of("model", "  "), "model");
    refused(Map.of("model", "whisper-1", "sample_rate", "4000"), "sample_rate");
    refused(Map.of("model", "whisper-1", "sample_rate", "96000"), "sample_rate");
    refused(Map.of("model", "whisper-1", "sample_rate", "fast"), "sample_rate");
  }

  @Test
  void rawPcmIsKnownByItsNameOrTypeAndCarriesItsRateWhileAContainerDoesNot() throws Exception {
    Map<String, String> at8k = Map.of("model", "whisper-1", "sample_rate", "8000");
    assertThat(post("call.raw", "application/octet-stream", at8k).bodyAsJsonObject().getString("text"))
        .isEqualTo("rate 8000");
    assertThat(post("call.pcm", "application/octet-stream", at8k).bodyAsJsonObject().getString("text"))
        .isEqualTo("rate 8000");
    assertThat(post("call.bin", "audio/L16", at8k).bodyAsJsonObject().getString("text")).isEqualTo("rate 8000");
    assertThat(post("call.bin", "audio/pcm;rate=8000", at8k).bodyAsJsonObject().getString("text"))
        .isEqualTo("rate 8000");
    assertThat(post("call.wav", "audio/wav", at8k).bodyAsJsonObject().getString("text")).isEqualTo("rate 0");
  }

  @Test
  void verboseJsonNamesAnotherLanguageAsItIsAndSplitsSegmentsAtAPause() throws Exception {
    JsonObject body = post("a.wav", "audio/wav", Map.of("model", "whisper-1", "language", "fr",
        "response_format", "verbose_json")).bodyAsJsonObject();
    assertThat(body.getString("language")).isEqualTo("fr");
    JsonArray segments = body.getJsonArray("segments");
    assertThat(segments.stream().map(s -> ((JsonObject) s).getString("text")).toList())
        .containsExactly("ask not", "what");
    assertThat(segments.getJsonObject(1).getDouble("start")).isEqualTo(1.4);
    JsonObject english = post("a.wav", "audio/wav", Map.of("model", "whisper-1", "response_format",
        "verbose_json")).bodyAsJsonObject();
    assertThat(english.getString("language")).isEqualTo("english");
  }

  @Test
  void verboseJsonOfATranscriptWithoutWordsHasNoSegments() throws Exception {
    JsonObject body = post("a.wav", "audio/wav", Map.of("model", "whisper-1", "language", "none",
        "response_format", "verbose_json")).bodyAsJsonObject();
    assertThat(body.getJsonArray("segments")).isEmpty();
    assertThat(body.getJsonArray("words")).isEmpty();
  }
}
