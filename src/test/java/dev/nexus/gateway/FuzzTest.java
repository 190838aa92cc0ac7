package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.RunningServerTest;
import dev.nexus.client.RealtimeClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing on loopback, bounded in count: random and mutated HTTP bodies to every POST route, and
 * random and mutated events and binary frames on both WebSockets. Every bad input gets a 4xx or an
 * {@code error} event, nothing gets a 5xx or kills a session, and the server stays healthy.
 */
class FuzzTest extends RunningServerTest {
  private static final long SEED = 20261124L;
  private final Random random = new Random(SEED);

  private static final List<JsonObject> VALID_BODIES = List.of(
      new JsonObject().put("model", "tts-1").put("input", "Hello there.").put("voice", "alloy"),
      new JsonObject().put("model", "nexus-grounded").put("messages", new JsonArray().add(new JsonObject()
          .put("role", "user").put("content", "What is 2 plus 2?"))),
      new JsonObject().put("expression", "2 + 2"),
      new JsonObject().put("title", "Doc").put("text", "A short document about lighthouses."),
      new JsonObject().put("text", "The lighthouse stood on the cliff. Its keeper kept the lamp lit.").put("minutes", 0.5));
  private static final List<String> ROUTES = List.of("/v1/audio/speech", "/v1/chat/completions", "/v1/tools/calculator",
      "/v1/documents", "/v1/podcasts");

  /** A value of a random JSON type, sometimes large or strange. */
  private Object randomValue(int depth) {
    switch (random.nextInt(depth > 2 ? 7 : 9)) {
      case 0: return null;
      case 1: return random.nextBoolean();
      case 2: return random.nextInt(2000) - 1000;
      case 3: return random.nextDouble() * 1e6 * (random.nextBoolean() ? 1 : -1);
      case 4: return randomString(random.nextInt(20));
      case 5: return "\u0000\uFFFF\uD800 " + randomString(5);
      case 6: return random.nextInt(100) == 0 ? "x".repeat(200_000) : "";
      case 7: {
        JsonArray array = new JsonArray();
        for (int i = random.nextInt(4); i > 0; i--) {
          array.add(randomValue(depth + 1));
        }
        return array;
      }
      default: {
        JsonObject object = new JsonObject();
        for (int i = random.nextInt(4); i > 0; i--) {
          object.put(randomString(6), randomValue(depth + 1));
        }
        return object;
      }
    }
  }

  private String randomString(int length) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append((char) (32 + random.nextInt(95)));
    }
    return s.toString();
  }

  /** A valid object with one field dropped, retyped or added. */
  private JsonObject mutate(JsonObject valid) {
    JsonObject copy = valid.copy();
    List<String> keys = new ArrayList<>(copy.fieldNames());
    String key = keys.get(random.nextInt(keys.size()));
    switch (random.nextInt(3)) {
      case 0 -> copy.remove(key);
      case 1 -> copy.put(key, randomValue(1));
      default -> copy.put(randomString(8), randomValue(1));
    }
    return copy;
  }

  @Test
  void randomHttpBodiesGetFourHundredsNeverFiveHundreds() throws Exception {
    int sent = 0;
    for (int round = 0; round < 60; round++) {
      for (int r = 0; r < ROUTES.size(); r++) {
        Buffer body;
        int kind = random.nextInt(4);
        if (kind == 0) {
          byte[] garbage = new byte[random.nextInt(300)];
          random.nextBytes(garbage);
          body = Buffer.buffer(garbage);
        } else if (kind == 1) {
          body = Buffer.buffer(String.valueOf(randomValue(0)));
        } else {
          body = mutate(VALID_BODIES.get(r)).toBuffer();
        }
        HttpResponse<Buffer> response = http.post(ROUTES.get(r)).putHeader("content-type", "application/json")
            .sendBuffer(body).await(60, TimeUnit.SECONDS);
        sent++;
        assertThat(response.statusCode()).as("%s %s", ROUTES.get(r), body.length() > 300 ? body.length() + " bytes"
            : body.toString()).isLessThan(500);
        if (response.statusCode() == 422 && ROUTES.get(r).startsWith("/v1/tools/")) {
          // a tool's own error: {"name","content","error":true}
          assertThat(response.bodyAsJsonObject().getString("content")).isNotBlank();
        } else if (response.statusCode() >= 400) {
          assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message")).isNotBlank();
        } else {
          if (response.getHeader("content-type") != null && response.getHeader("content-type").contains("json")) {
            assertThat(response.bodyAsString()).as("%s %s", ROUTES.get(r), body).startsWith("{");
          }
        }
      }
    }
    assertThat(sent).isEqualTo(300);
    assertThat(http.get("/health").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  private static final List<String> REALTIME_TYPES = List.of("session.update", "input_audio_buffer.append",
      "input_audio_buffer.commit", "input_audio_buffer.clear", "conversation.item.create", "conversation.item.delete",
      "conversation.item.truncate", "response.create", "response.cancel", "no.such.type");

  @Test
  void anUnknownVoiceIsRefusedAtTheUpdateNamingTheFieldAndAKnownOneIsTaken() throws Exception {
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "turn_detection=none", null)) {
      rt.await("session.created", 10_000);
      rt.send(new JsonObject().put("type", "session.update").put("event_id", "bad-voice").put("session",
          new JsonObject().put("audio", new JsonObject().put("output", new JsonObject().put("voice", "klingon")))));
      JsonObject refused = rt.await("error", 10_000).getJsonObject("error");
      assertThat(refused.getString("type")).isEqualTo("invalid_request_error");
      assertThat(refused.getString("code")).isEqualTo("invalid_value");
      assertThat(refused.getString("param")).isEqualTo("session.audio.output.voice");
      assertThat(refused.getString("event_id")).isEqualTo("bad-voice");
      assertThat(refused.getString("message")).contains("unknown voice 'klingon'");
      rt.send(new JsonObject().put("type", "session.update").put("session", new JsonObject().put("voice", "nova")));
      JsonObject taken = rt.await("session.updated", 10_000);
      assertThat(taken.getJsonObject("session").getString("voice")).isEqualTo("nova");
      assertThat(rt.all("session.updated")).as("the refused update changed nothing").hasSize(1);
      assertThat(rt.all("error")).hasSize(1);
    }
  }

  @Test
  void randomRealtimeAndPodcastEventsGetErrorsAndTheSessionsLive() throws Exception {
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "turn_detection=none", null)) {
      rt.await("session.created", 10_000);
      rt.send(new JsonObject().put("type", "session.update").put("session", new JsonObject()
          .put("output_modalities", new JsonArray().add("text"))));
      int garbage = 0;
      for (int i = 0; i < 1500; i++) {
        int kind = random.nextInt(10);
        if (kind == 0) {
          byte[] frame = new byte[random.nextInt(2000)];
          random.nextBytes(frame);
          rt.sendBinary(frame);
        } else if (kind < 4) {
          rt.sendRaw(randomString(random.nextInt(60))); // never valid JSON objects with a type
          garbage++;
        } else {
          JsonObject event = new JsonObject().put("type", REALTIME_TYPES.get(random.nextInt(REALTIME_TYPES.size())));
          for (int f = random.nextInt(4); f > 0; f--) {
            event.put(List.of("session", "audio", "item", "item_id", "audio_end_ms", "response", "previous_item_id")
                .get(random.nextInt(7)), randomValue(1));
          }
          rt.send(event);
        }
      }
      rt.send(new JsonObject().put("type", "session.update").put("session", new JsonObject().put("instructions", "ok")));
      int needed = garbage;
      rt.awaitIndex(0, e -> rt.all("error").size() >= needed, 30_000, needed + " errors");
      assertThat(rt.isClosed()).isFalse();
      assertThat(rt.all("error")).allSatisfy(e -> assertThat(e.getJsonObject("error").getString("message")).isNotBlank());
      // the session still answers: the last, valid update is applied (awaitIndex fails the test otherwise)
      int last = rt.awaitIndex(0, e -> "session.updated".equals(e.getString("type"))
          && "ok".equals(e.getJsonObject("session").getString("instructions")), 30_000, "the last update");
      // every mistake here is the client's: none may surface as a server error, now or later
      rt.send(new JsonObject().put("type", "conversation.item.create").put("item", new JsonObject()
          .put("type", "message").put("role", "user").put("content", new JsonArray().add(new JsonObject()
              .put("type", "input_text").put("text", "What is 2 plus 2?")))));
      rt.send(new JsonObject().put("type", "response.create"));
      rt.awaitIndex(last, e -> "response.done".equals(e.getString("type")), 60_000, "a response after the fuzzing");
      assertThat(rt.all("error")).allSatisfy(e -> assertThat(e.getJsonObject("error").getString("type"))
          .as(e.encode()).isNotEqualTo("server_error"));
    }
    try (RealtimeClient live = RealtimeClient.connect(client, server.port(), "/v1/podcasts/live",
        "text=" + java.net.URLEncoder.encode("The lamp burned all night. The keeper stayed awake.",
            java.nio.charset.StandardCharsets.UTF_8) + "&minutes=0.5", null)) {
      live.await("podcast.ready", 60_000);
      List<String> types = List.of("podcast.start", "podcast.pause", "podcast.resume", "podcast.interrupt",
          "podcast.playback", "input_audio_buffer.append", "input_audio_buffer.commit", "nope");
      int garbage = 0;
      for (int i = 0; i < 500; i++) {
        if (random.nextInt(4) == 0) {
          live.sendRaw("{" + randomString(random.nextInt(30)));
          garbage++;
        } else {
          JsonObject event = new JsonObject().put("type", types.get(random.nextInt(types.size())));
          if (random.nextBoolean()) {
            event.put(List.of("text", "audio", "audio_end_ms").get(random.nextInt(3)), randomValue(1));
          }
          live.send(event);
        }
      }
      int needed = garbage;
      live.awaitIndex(0, e -> live.all("error").size() >= needed, 30_000, needed + " errors");
      assertThat(live.isClosed()).isFalse();
    }
    assertThat(http.get("/health").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }
}
