package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.RunningServerTest;
import dev.nexus.TestSupport;
import dev.nexus.audio.AudioDecoder;
import dev.nexus.audio.G711;
import dev.nexus.audio.Pcm;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A simulated phone call on {@code /v1/twilio/media-stream}, speaking Twilio's published Media Streams messages: the
 * simulated Twilio sends {@code connected}, {@code start}, μ-law {@code media} and {@code stop}; it plays the
 * server's {@code media} in real time, sends each {@code mark} back once the audio before it has played, and on
 * {@code clear} drops what it has not played and sends the marks still waiting back at once, as Twilio does.
 */
class TwilioMediaStreamTest extends RunningServerTest {
  static byte[] question;

  @BeforeAll
  static void audio() throws Exception {
    float[] s8 = AudioDecoder.decode(Files.readAllBytes(TestSupport.jfkFlac()), 16000, 8000);
    question = G711.encode(G711.Law.PCMU, Pcm.toBytes(s8, 0, s8.length));
  }

  /** Twilio's side of a call: what it received, and a player that sends marks back as their audio plays. */
  static final class SimulatedTwilio implements AutoCloseable {
    final io.vertx.core.Vertx client;
    final WebSocketClient wsClient;
    final WebSocket ws;
    final List<JsonObject> received = new ArrayList<>();
    final Deque<Object> playing = new ArrayDeque<>(); // Double: ms of audio; String: a mark's name
    final long timer;
    double playedMs;
    int marksReturned;
    long last = System.nanoTime();
    int sequence;

    SimulatedTwilio(io.vertx.core.Vertx vertx, int port) throws Exception {
      this.client = vertx;
      wsClient = vertx.createWebSocketClient();
      ws = wsClient.connect(new WebSocketConnectOptions().setHost("localhost").setPort(port)
          .setURI("/v1/twilio/media-stream")).await(10, TimeUnit.SECONDS);
      ws.textMessageHandler(text -> onMessage(new JsonObject(text)));
      timer = vertx.setPeriodic(20, t -> play());
    }

    private synchronized void onMessage(JsonObject message) {
      received.add(message);
      switch (message.getString("event")) {
        case "media" -> playing.add(Base64.getDecoder().decode(message.getJsonObject("media").getString("payload"))
            .length / 8.0);
        case "mark" -> playing.add(message.getJsonObject("mark").getString("name"));
        case "clear" -> { // the audio not played yet is dropped; its marks come back at once
          playing.removeIf(o -> o instanceof Double);
          returnMarks();
        }
        default -> {
        }
      }
      notifyAll();
    }

    /** Plays in real time: audio at the head for as long as has passed, and marks as they come up. */
    private synchronized void play() {
      long now = System.nanoTime();
      double budget = (now - last) / 1e6;
      last = now;
      while (!playing.isEmpty()) {
        Object head = playing.peek();
        if (head instanceof String) {
          returnMarks();
          continue;
        }
        double ms = (Double) head;
        if (ms > budget) {
          playing.poll();
          playing.push(ms - budget);
          playedMs += budget;
          break;
        }
        playing.poll();
        budget -= ms;
        playedMs += ms;
      }
    }

    private void returnMarks() {
      while (playing.peek() instanceof String name) {
        playing.poll();
        marksReturned++;
        send(new JsonObject().put("event", "mark").put("sequenceNumber", String.valueOf(++sequence))
            .put("streamSid", "MZ0001").put("mark", new JsonObject().put("name", name)));
      }
    }

    void send(JsonObject message) {
      ws.writeTextMessage(message.encode());
    }

    void start(String instructions) {
      send(new JsonObject().put("event", "connected").put("protocol", "Call").put("version", "1.0.0"));
      send(new JsonObject().put("event", "start").put("sequenceNumber", String.valueOf(++sequence))
          .put("streamSid", "MZ0001").put("start", new JsonObject().put("accountSid", "AC0001")
              .put("streamSid", "MZ0001").put("callSid", "CA0001").put("tracks", new io.vertx.core.json.JsonArray()
                  .add("inbound")).put("customParameters", new JsonObject().put("instructions", instructions)
                  .put("silence_duration_ms", "1500"))
              .put("mediaFormat", new JsonObject().put("encoding", "audio/x-mulaw").put("sampleRate", 8000)
                  .put("channels", 1))));
    }

    /** The caller speaks: μ-law in 20 ms media messages, {@code pace} times faster than real time. */
    void speak(byte[] mulaw, int pace) throws InterruptedException {
      for (int i = 0; i < mulaw.length; i += 160) {
        byte[] frame = java.util.Arrays.copyOfRange(mulaw, i, Math.min(mulaw.length, i + 160));
        send(new JsonObject().put("event", "media").put("sequenceNumber", String.valueOf(++sequence))
            .put("streamSid", "MZ0001").put("media", new JsonObject().put("track", "inbound")
                .put("chunk", String.valueOf(i / 160 + 1)).put("timestamp", String.valueOf(i / 8))
                .put("payload", Base64.getEncoder().encodeToString(frame))));
        if (i % 1600 == 0) {
          Thread.sleep(200 / pace);
        }
      }
    }

    void silence(int ms, int pace) throws InterruptedException {
      speak(G711.encode(G711.Law.PCMU, new byte[ms * 16]), pace);
    }

    /** Waits for a message from index {@code from} matching {@code match}; returns its index. */
    synchronized int await(int from, Predicate<JsonObject> match, long timeoutMs, String what) throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMs;
      for (int i = from; ; ) {
        for (; i < received.size(); i++) {
          if (match.test(received.get(i))) {
            return i;
          }
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new AssertionError("no " + what + " within " + timeoutMs + " ms; received " + received.stream()
              .map(m -> m.getString("event")).distinct().toList());
        }
        wait(left);
      }
    }

    synchronized JsonObject get(int index) {
      return received.get(index);
    }

    synchronized int size() {
      return received.size();
    }

    synchronized double played() {
      return playedMs;
    }

    synchronized int marksReturned() {
      return marksReturned;
    }

    synchronized long count(int from, String event) {
      return received.subList(from, received.size()).stream().filter(m -> event.equals(m.getString("event"))).count();
    }

    @Override
    public void close() throws Exception {
      client.cancelTimer(timer);
      wsClient.close().await(5, TimeUnit.SECONDS);
    }
  }

  static Predicate<JsonObject> event(String name) {
    return m -> name.equals(m.getString("event"));
  }

  @Test
  void aSimulatedCallHearsAnAnswerIsInterruptedWithClearAndResumes() throws Exception {
    try (SimulatedTwilio twilio = new SimulatedTwilio(client, server.port())) {
      twilio.start(RealtimeServerTest.KENNEDY + " " + RealtimeServerTest.KENNEDY);
      twilio.speak(question, 4);
      twilio.silence(2500, 4);
      int firstMedia = twilio.await(0, event("media"), 180_000, "the answer's audio");
      assertThat(twilio.get(firstMedia).getString("streamSid")).isEqualTo("MZ0001");
      assertThat(twilio.await(firstMedia, event("mark"), 10_000, "a mark")).as("a mark right after each media")
          .isEqualTo(firstMedia + 1);
      // the caller speaks over the answer as it plays
      int before = twilio.size();
      twilio.speak(question, 8);
      int clear = twilio.await(before, event("clear"), 120_000, "clear on the barge-in");
      assertThat(twilio.get(clear).getString("streamSid")).isEqualTo("MZ0001");
      assertThat(twilio.played()).as("ms of the answer played").isPositive();
      assertThat(twilio.marksReturned()).as("marks sent back as the audio played, or on the clear").isPositive();
      // the interruption is the caller's next turn: a new answer plays
      twilio.silence(2500, 4);
      int resumed = twilio.await(clear, event("media"), 180_000, "the next answer's audio");
      long deadline = System.currentTimeMillis() + 60_000;
      while (twilio.count(resumed, "media") < 25 && System.currentTimeMillis() < deadline) { // 1 s of 40 ms deltas
        Thread.sleep(50);
      }
      assertThat(twilio.count(resumed, "media")).as("media messages of the next answer").isGreaterThanOrEqualTo(25);
      twilio.send(new JsonObject().put("event", "stop").put("sequenceNumber", "999").put("streamSid", "MZ0001")
          .put("stop", new JsonObject().put("accountSid", "AC0001").put("callSid", "CA0001")));
    }
  }

  @Test
  void aPlainHttpRequestIsTold426AndAStreamThatIsNotMuLawIsClosed() throws Exception {
    var response = http.get("/v1/twilio/media-stream").send().await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(426);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("Stream");
    WebSocketClient wsClient = client.createWebSocketClient();
    WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("localhost").setPort(server.port())
        .setURI("/v1/twilio/media-stream")).await(10, TimeUnit.SECONDS);
    var closed = io.vertx.core.Promise.<Short>promise();
    ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));
    ws.writeTextMessage(new JsonObject().put("event", "start").put("streamSid", "MZ0002").put("start", new JsonObject()
        .put("mediaFormat", new JsonObject().put("encoding", "audio/l16").put("sampleRate", 16000))).encode());
    assertThat(closed.future().await(10, TimeUnit.SECONDS)).isEqualTo((short) 1003);
    wsClient.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void oddMessagesAreIgnoredAndStopEndsTheCall() throws Exception {
    WebSocketClient wsClient = client.createWebSocketClient();
    WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("localhost").setPort(server.port())
        .setURI("/v1/twilio/media-stream")).await(10, TimeUnit.SECONDS);
    var closed = io.vertx.core.Promise.<Void>promise();
    ws.closeHandler(v -> closed.tryComplete());
    JsonObject media = new JsonObject().put("event", "media").put("streamSid", "MZ0003").put("media", new JsonObject()
        .put("track", "inbound").put("payload", Base64.getEncoder().encodeToString(new byte[160])));
    JsonObject start = new JsonObject().put("event", "start").put("streamSid", "MZ0003").put("start", new JsonObject()
        .put("callSid", "CA0003").put("mediaFormat", new JsonObject().put("encoding", "audio/x-mulaw")
            .put("sampleRate", 8000).put("channels", 1)));
    for (String message : List.of("not json", media.encode(), "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"1\"}}",
        "{\"event\":\"no-such-event\"}", start.encode(), start.encode(),
        media.copy().put("media", new JsonObject().put("track", "outbound").put("payload", "")).encode(), media.encode(),
        "{\"event\":\"mark\",\"mark\":{\"name\":\"never-sent\"}}")) {
      ws.writeTextMessage(message).await(5, TimeUnit.SECONDS);
    }
    assertThat(ws.isClosed()).as("still open after odd messages").isFalse();
    ws.writeTextMessage(new JsonObject().put("event", "stop").put("streamSid", "MZ0003").encode());
    closed.future().await(10, TimeUnit.SECONDS);
    assertThat(ws.isClosed()).isTrue();
    wsClient.close().await(5, TimeUnit.SECONDS);
  }

  /** Opens a stream, sends {@code messages} and returns the close code the server ended it with. */
  Short closeCodeAfter(String... messages) throws Exception {
    WebSocketClient wsClient = client.createWebSocketClient();
    try {
      WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("localhost").setPort(server.port())
          .setURI("/v1/twilio/media-stream")).await(10, TimeUnit.SECONDS);
      var closed = io.vertx.core.Promise.<Short>promise();
      ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));
      for (String message : messages) {
        ws.writeTextMessage(message).await(5, TimeUnit.SECONDS);
      }
      return closed.future().await(10, TimeUnit.SECONDS);
    } finally {
      wsClient.close().await(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStartWithoutAStreamSidOrWithARateOtherThan8000Or8000AsTextIsClosedWith1003() throws Exception {
    JsonObject mulaw = new JsonObject().put("encoding", "audio/x-mulaw").put("sampleRate", 8000);
    assertThat(closeCodeAfter(new JsonObject().put("event", "start").put("start", "not an object").encode()))
        .as("no streamSid at all").isEqualTo((short) 1003);
    assertThat(closeCodeAfter(new JsonObject().put("event", "start").put("streamSid", 42).put("start",
        new JsonObject().put("mediaFormat", mulaw)).encode())).as("a streamSid that is no string").isEqualTo((short) 1003);
    assertThat(closeCodeAfter(new JsonObject().put("event", "start").put("streamSid", "MZ0004").put("start",
        new JsonObject().put("mediaFormat", mulaw.copy().put("sampleRate", "8000"))).encode()))
        .as("the rate as text").isEqualTo((short) 1003);
    assertThat(closeCodeAfter(new JsonObject().put("event", "start").put("streamSid", "MZ0005").put("start",
        new JsonObject().put("mediaFormat", mulaw.copy().put("sampleRate", 16000))).encode()))
        .as("μ-law at 16 kHz").isEqualTo((short) 1003);
  }

  @Test
  void aStartWithItsStreamSidInsideAndNoMediaFormatIsMuLawAt8000AndMalformedMarksAndMediaAreIgnored()
      throws Exception {
    JsonObject start = new JsonObject().put("event", "start").put("start", new JsonObject().put("streamSid", "MZ0006")
        .put("mediaFormat", "default"));
    Short code = closeCodeAfter(start.encode(), "{\"event\":5}", "{\"event\":\"mark\",\"mark\":\"m-1\"}",
        "{\"event\":\"mark\",\"mark\":{\"name\":7}}", "{\"event\":\"media\",\"media\":[1]}",
        "{\"event\":\"connected\",\"protocol\":\"Call\"}", "{\"event\":\"stop\"}");
    assertThat(code).as("the call was taken, then ended by its stop, not refused").isNotEqualTo((short) 1003);
  }
}
