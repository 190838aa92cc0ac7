package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.audio.AudioDecoder;
import dev.nexus.audio.Pcm;
import dev.nexus.client.RealtimeClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each documented limit of docs/SECURITY.md, one test each, against a running server whose limits are set
 * small in its configuration: the HTTP body (413), the WebSocket frame and message sizes, the manual input
 * buffer, the podcast source, URL and minutes, and the PocketSphinx decoder pool.
 */
class LimitsTest {
  static TestSupport.Running running;
  static WebClient http;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    Path config = Files.createTempDirectory("nexus-limits");
    Files.writeString(config.resolve("gateway.yaml"), """
        http:
          max-body-bytes: 4096
          max-websocket-frame-bytes: 8192
          max-websocket-message-bytes: 32768
        realtime:
          max-buffer-seconds: 1
        """);
    Files.writeString(config.resolve("podcast.yaml"), """
        max-source-chars: 300
        max-url-bytes: 1024
        max-minutes: 2
        """);
    Files.writeString(config.resolve("speech.yaml"), """
        engine: pocketsphinx
        max-backlog-ms: 600000
        engines:
          pocketsphinx:
            decoders: 1
        """);
    running = TestSupport.running(config);
    http = running.http();
    port = running.server().port();
  }

  @AfterAll
  static void stop() throws Exception {
    running.close();
  }

  static JsonObject error(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error");
  }

  @Test
  void aBodyOverMaxBodyBytesGets413AndOneUnderItIsServed() throws Exception {
    String padding = " ".repeat(4100);
    HttpResponse<Buffer> over = http.post("/v1/tools/calculator").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("{\"expression\":\"2 + 2\"}" + padding)).await(30, TimeUnit.SECONDS);
    assertThat(over.statusCode()).isEqualTo(413);
    assertThat(error(over).getString("code")).isEqualTo("request_too_large");
    HttpResponse<Buffer> under = http.post("/v1/tools/calculator").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("{\"expression\":\"2 + 2\"}" + " ".repeat(3000))).await(30, TimeUnit.SECONDS);
    assertThat(under.statusCode()).as(under.bodyAsString()).isEqualTo(200);
    assertThat(under.bodyAsJsonObject().getString("content")).contains("4");
  }

  /** A session with turn detection off (input is held for a manual commit). */
  static RealtimeClient session(WebSocketClientOptions options) throws Exception {
    RealtimeClient rt = RealtimeClient.connect(running.client(), port, "/v1/realtime", null, null,
        options.setMaxMessageSize(1024 * 1024));
    rt.await("session.created", 30_000);
    rt.send(new JsonObject().put("type", "session.update").put("session", new JsonObject().put("audio",
        new JsonObject().put("input", new JsonObject().putNull("turn_detection")))));
    rt.await("session.updated", 30_000);
    return rt;
  }

  /** A text event of about {@code bytes} bytes: a session.update with long instructions. */
  static JsonObject update(int bytes) {
    return new JsonObject().put("type", "session.update").put("session", new JsonObject()
        .put("instructions", "x".repeat(bytes - 60)));
  }

  @Test
  void aWebSocketFrameOverTheFrameLimitClosesTheSocketAndOneUnderItIsServed() throws Exception {
    try (RealtimeClient rt = session(new WebSocketClientOptions().setMaxFrameSize(64 * 1024))) {
      rt.send(update(6000)); // one frame of 6,000 bytes: under 8,192
      rt.awaitIndex(0, e -> rt.all("session.updated").size() == 2, 30_000, "the update in one 6,000-byte frame");
      rt.send(update(10_000)); // one frame of 10,000 bytes
      // the server drops the connection (the client sees 1006, no close frame)
      assertThat(rt.awaitClosed(30_000)).as("closed after a 10,000-byte frame").isTrue();
      assertThat(rt.all("session.updated")).hasSize(2);
    }
  }

  @Test
  void aWebSocketMessageOverTheMessageLimitClosesTheSocketAndOneUnderItIsServed() throws Exception {
    // sent in frames of 4 KiB, each under the frame limit: only the message's total crosses a limit (the client
    // itself takes frames up to 64 KiB: the server's session.updated echoes the instructions in one frame)
    try (RealtimeClient rt = session(new WebSocketClientOptions().setMaxFrameSize(64 * 1024))) {
      rt.sendFragmented(update(30_000), 4096); // 8 frames, 30,000 bytes: under 32,768
      rt.awaitIndex(0, e -> rt.all("session.updated").size() == 2, 30_000, "the update in 8 frames");
      try {
        rt.sendFragmented(update(40_000), 4096); // 10 frames, 40,000 bytes
      } catch (Exception closedFirst) {
        // the server closes as soon as the total crosses the limit (in the 9th frame), so the client's write of the
        // last frame can find the socket already closed: the behaviour under test, not a failure of the test
        assertThat(closedFirst).hasMessageContaining("WebSocket is closed");
      }
      boolean closedNow = rt.awaitClosed(30_000);
      assertThat(closedNow).as("closed after a 40,000-byte message").isTrue();
      assertThat(rt.closeStatus()).isEqualTo((short) 1009);
      assertThat(rt.closeReason()).isEqualTo("message_too_big");
      assertThat(rt.all("session.updated")).hasSize(2);
    }
  }

  @Test
  void theManualInputBufferPastMaxBufferSecondsGetsInputAudioBufferTooLargeAndTheSessionGoesOn() throws Exception {
    try (RealtimeClient rt = session(new WebSocketClientOptions().setMaxFrameSize(64 * 1024))) {
      byte[] second = new byte[48_000]; // 1 s of 24 kHz PCM16
      rt.appendAudio(second, 4800); // exactly the limit: taken
      rt.appendAudio(new byte[4800], 4800); // 100 ms more
      JsonObject error = rt.await("error", 30_000).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("input_audio_buffer_too_large");
      assertThat(error.getString("message")).contains("at most 1 s");
      assertThat(rt.all("error")).as("only the append past the limit was refused").hasSize(1);
      rt.send(new JsonObject().put("type", "input_audio_buffer.clear"));
      rt.await("input_audio_buffer.cleared", 30_000);
      rt.appendAudio(new byte[4800], 4800);
      rt.send(new JsonObject().put("type", "input_audio_buffer.commit"));
      rt.await("input_audio_buffer.committed", 30_000);
      assertThat(rt.isClosed()).isFalse();
    }
  }

  static HttpResponse<Buffer> podcast(JsonObject order) throws Exception {
    return http.post("/v1/podcasts").sendJsonObject(order).await(60, TimeUnit.SECONDS);
  }

  @Test
  void aPodcastSourceOverMaxSourceCharsIs400NamingTheLimit() throws Exception {
    HttpResponse<Buffer> over = podcast(new JsonObject().put("text", "The keeper lit the lamp. ".repeat(13)));
    assertThat(over.statusCode()).isEqualTo(400);
    assertThat(error(over).getString("message")).contains("'text' is longer than 300 characters");
    HttpResponse<Buffer> topic = podcast(new JsonObject().put("topic", "lighthouses ".repeat(30)));
    assertThat(topic.statusCode()).isEqualTo(400);
    assertThat(error(topic).getString("message")).contains("'topic' is longer than 300 characters");
  }

  @Test
  void podcastMinutesOverMaxMinutesAre400NamingTheRange() throws Exception {
    HttpResponse<Buffer> over = podcast(new JsonObject().put("text", "The keeper lit the lamp every night.")
        .put("minutes", 2.5));
    assertThat(over.statusCode()).isEqualTo(400);
    assertThat(error(over).getString("message")).contains("'minutes' must be a number from 0.5 to 2.0");
  }

  @Test
  void aPodcastUrlWhosePageIsOverMaxUrlBytesIs400() throws Exception {
    Vertx pages = Vertx.vertx();
    try {
      String big = "The keeper of the lighthouse climbed the stairs every evening to light the lamp. ".repeat(20);
      String small = "The keeper of the lighthouse climbed the stairs every evening to light the lamp.";
      HttpServer server = pages.createHttpServer().requestHandler(req -> req.response()
          .putHeader("content-type", "text/plain").end(req.path().equals("/big") ? big : small))
          .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      String base = "http://127.0.0.1:" + server.actualPort();
      HttpResponse<Buffer> over = podcast(new JsonObject().put("url", base + "/big").put("minutes", 0.5));
      assertThat(over.statusCode()).as(over.bodyAsString()).isEqualTo(400);
      assertThat(error(over).getString("message")).contains("the page is larger than 1024 bytes");
      HttpResponse<Buffer> under = podcast(new JsonObject().put("url", base + "/small").put("minutes", 0.5));
      assertThat(under.statusCode()).as(under.bodyAsString()).isEqualTo(202);
    } finally {
      pages.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void whenTheOnlyDecoderIsHeldASecondSpeakerGetsAnErrorSayingDecodersAreBusyAndTheFirstIsServed() throws Exception {
    JsonObject busy = contend(running, "decoders stayed busy", true);
    assertThat(busy.getString("code")).isEqualTo("speech_failed");
    assertThat(busy.getString("message")).contains("all 1 PocketSphinx decoders stayed busy for 5 s");
  }

  /**
   * Two speakers on a server with one decoder: the first holds it for a long turn (its pauses are shorter than
   * 5 s of silence), the second starts speaking meanwhile; both stream in real time. Returns the second's first
   * {@code error} whose message contains {@code wanted}, once the first speaker's turn ended with its transcript.
   */
  static JsonObject contend(TestSupport.Running running, String wanted, boolean firstServed) throws Exception {
    int port = running.server().port();
    float[] jfk = AudioDecoder.decode(Files.readAllBytes(TestSupport.jfkFlac()), 16000, 24000);
    byte[] speech = Pcm.toBytes(jfk, 0, jfk.length);
    JsonObject longTurns = new JsonObject().put("type", "session.update").put("session", new JsonObject()
        .put("output_modalities", new JsonArray().add("text"))
        .put("audio", new JsonObject().put("input", new JsonObject().put("turn_detection", new JsonObject()
            .put("type", "server_vad").put("create_response", false).put("silence_duration_ms", 5000)))));
    WebSocketClientOptions options = new WebSocketClientOptions().setMaxFrameSize(64 * 1024);
    try (RealtimeClient first = RealtimeClient.connect(running.client(), port, "/v1/realtime", null, null, options);
        RealtimeClient second = RealtimeClient.connect(running.client(), port, "/v1/realtime", null, null, options)) {
      for (RealtimeClient rt : new RealtimeClient[] {first, second}) {
        rt.await("session.created", 30_000);
        rt.send(longTurns);
        rt.await("session.updated", 30_000);
      }
      int piece = 4800; // 100 ms
      int at = 0;
      for (; at < speech.length && first.all("input_audio_buffer.speech_started").isEmpty(); at += piece) {
        first.appendAudio(Arrays.copyOfRange(speech, at, Math.min(speech.length, at + piece)), piece);
        Thread.sleep(100);
      }
      first.await("input_audio_buffer.speech_started", 30_000);
      java.util.function.Predicate<JsonObject> match = e -> "error".equals(e.getString("type"))
          && e.getJsonObject("error").getString("message", "").contains(wanted);
      for (int other = 0; other < speech.length && second.received().stream().noneMatch(r -> match.test(r.event()));
          other += piece, at += piece) {
        first.appendAudio(Arrays.copyOfRange(speech, Math.min(at, speech.length), Math.min(speech.length, at + piece)),
            piece);
        second.appendAudio(Arrays.copyOfRange(speech, other, Math.min(speech.length, other + piece)), piece);
        Thread.sleep(100);
      }
      JsonObject error = second.get(second.awaitIndex(0, match, 60_000, "an error saying " + wanted))
          .getJsonObject("error");
      if (!firstServed) {
        return error;
      }
      // the first speaker is served: its turn ends with its transcript, and it never waited for a decoder
      if (at < speech.length) {
        first.appendAudio(Arrays.copyOfRange(speech, at, speech.length), piece);
      }
      first.appendAudio(new byte[24000 * 2 * 6], piece); // 6 s of silence ends the turn
      String transcript = first.await("conversation.item.input_audio_transcription.completed", 600_000) // hang guard
          .getString("transcript");
      assertThat(transcript).contains("country");
      assertThat(first.all("error")).noneSatisfy(e -> assertThat(e.getJsonObject("error").getString("message"))
          .contains("decoders"));
      return error;
    }
  }
}
