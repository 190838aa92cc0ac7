package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.client.RealtimeClient;
import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code PATCH /v1/podcasts/{id}/script} against the running server: only the changed segments are spoken again. */
class PodcastEditTest {
  static Path data;
  static NexusServer server;
  static Vertx client;
  static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("nexus-podcast-edit");
    server = new NexusServer(TestSupport.environment(Map.of("NEXUS_DATA", data.toString())), null, null)
        .start().await(60, TimeUnit.SECONDS);
    client = Vertx.vertx();
    http = WebClient.create(client, new WebClientOptions().setDefaultPort(server.port()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop().await(30, TimeUnit.SECONDS);
    }
    client.close().await(10, TimeUnit.SECONDS);
  }

  private static String make() throws Exception {
    return ready(order());
  }

  private static String order() throws Exception {
    HttpResponse<Buffer> created = http.post("/v1/podcasts").sendJsonObject(new JsonObject()
        .put("text", PodcastServerTest.SOURCE).put("minutes", 2)).await(70, TimeUnit.SECONDS);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    return created.bodyAsJsonObject().getString("id");
  }

  private static String ready(String id) throws Exception {
    for (int i = 0; i < 600; i++) {
      JsonObject status = http.get("/v1/podcasts/" + id).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      if ("ready".equals(status.getString("status"))) {
        assertThat(status.getInteger("version")).isEqualTo(1);
        return id;
      }
      assertThat(status.getString("status")).as(status.encode()).isIn("queued", "writing", "rendering");
      Thread.sleep(100);
    }
    throw new AssertionError("the episode was not ready in a minute");
  }

  private static HttpResponse<Buffer> patch(String id, JsonArray edits) throws Exception {
    return http.patch("/v1/podcasts/" + id + "/script").sendJsonObject(new JsonObject().put("edits", edits))
        .await(120, TimeUnit.SECONDS);
  }

  private static PodcastScript script(String id) throws Exception {
    return PodcastScript.fromJson(http.get("/v1/podcasts/" + id).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonObject("script").encode());
  }

  private static byte[] pcm(String id) throws Exception {
    byte[] wav = http.get("/v1/podcasts/" + id + "/audio").send().await(30, TimeUnit.SECONDS).body().getBytes();
    return Arrays.copyOfRange(wav, 44, wav.length);
  }

  /** Every turn's and word's time, less the segment's start. */
  private static List<Long> relative(PodcastScript.Segment segment) {
    long start = segment.turns().get(0).startMs();
    return segment.turns().stream().flatMap(t -> java.util.stream.Stream.concat(
        java.util.stream.Stream.of(t.startMs() - start, t.endMs() - start),
        t.words().stream().map(w -> w.startMs() - start))).toList();
  }

  private static byte[] slice(byte[] pcm, long fromMs, long toMs) {
    return Arrays.copyOfRange(pcm, (int) (fromMs * 48), (int) (toMs * 48));
  }

  @Test
  void editingOneTurnSpeaksOnlyItsSegmentAgainAndTheOthersKeepTheirAudioAndTimings() throws Exception {
    String id = make();
    PodcastScript before = script(id);
    byte[] pcmBefore = pcm(id);
    int segments = before.segments().size();
    assertThat(segments).isGreaterThanOrEqualTo(2);
    PodcastScript.Turn old = before.segments().get(0).turns().get(0);
    String longer = old.text() + " And that, listeners, is a story worth hearing twice over, slowly and with care.";

    // a longer first turn: segment 0 is spoken again, every later one moves by as much, unchanged within
    HttpResponse<Buffer> edited = patch(id, new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 0)
        .put("text", longer)));
    assertThat(edited.statusCode()).as(edited.bodyAsString()).isEqualTo(200);
    JsonObject reply = edited.bodyAsJsonObject();
    assertThat(reply.getInteger("version")).isEqualTo(2);
    assertThat(reply.getJsonArray("rendered_segments")).containsExactly(0);
    PodcastScript after = script(id);
    assertThat(after.segments().get(0).turns().get(0).text()).isEqualTo(longer);
    assertThat(after.segments().get(0).turns().get(0).words()).hasSizeGreaterThan(old.words().size());
    long grew = after.segments().get(1).turns().get(0).startMs() - before.segments().get(1).turns().get(0).startMs();
    assertThat(grew).isGreaterThan(1000);
    for (int s = 1; s < segments; s++) {
      assertThat(relative(after.segments().get(s))).as("segment " + s).isEqualTo(relative(before.segments().get(s)));
      assertThat(after.segments().get(s).turns().get(0).startMs() - before.segments().get(s).turns().get(0).startMs())
          .isCloseTo(grew, org.assertj.core.data.Offset.offset(1L)); // whole milliseconds of a shift in samples
    }
    assertThat(after.audio().durationMs() - before.audio().durationMs())
        .isCloseTo(grew, org.assertj.core.data.Offset.offset(1L));

    // the audio grew by as much, and the kept segments' samples are the very same
    byte[] pcmAfter = pcm(id);
    int moved = pcmAfter.length - pcmBefore.length;
    assertThat(moved / 48L).isCloseTo(grew, org.assertj.core.data.Offset.offset(2L));
    assertThat(pcmAfter.length / 48L).isCloseTo(after.audio().durationMs(), org.assertj.core.data.Offset.offset(2L));
    int from = (int) (before.segments().get(1).turns().get(0).startMs() + 5) * 48;
    assertThat(Arrays.copyOfRange(pcmAfter, from + moved, pcmAfter.length))
        .isEqualTo(Arrays.copyOfRange(pcmBefore, from, pcmBefore.length));
    assertThat(http.get("/v1/podcasts/" + id + "/transcript").send().await(10, TimeUnit.SECONDS).bodyAsString())
        .contains(longer);

    // an insert and a delete in the last segment: version 3, the segments before it untouched, time and audio
    int last = segments - 1;
    int turns = after.segments().get(last).turns().size();
    HttpResponse<Buffer> second = patch(id, new JsonArray()
        .add(new JsonObject().put("segment", last).put("insert_after", -1).put("host", "sam").put("text",
            "Here is a thought before we go on."))
        .add(new JsonObject().put("segment", last).put("turn", turns).put("delete", true)));
    assertThat(second.statusCode()).as(second.bodyAsString()).isEqualTo(200);
    assertThat(second.bodyAsJsonObject().getInteger("version")).isEqualTo(3);
    assertThat(second.bodyAsJsonObject().getJsonArray("rendered_segments")).containsExactly(last);
    PodcastScript third = script(id);
    assertThat(third.segments().get(last).turns()).hasSize(turns);
    assertThat(third.segments().get(last).turns().get(0).host()).isEqualTo("Sam");
    assertThat(third.segments().subList(0, last)).isEqualTo(after.segments().subList(0, last));
    int kept = (int) after.segments().get(last).turns().get(0).startMs().longValue() * 48;
    assertThat(Arrays.copyOfRange(pcm(id), 0, kept)).isEqualTo(Arrays.copyOfRange(pcmAfter, 0, kept));
  }

  @Test
  void badEditsAreRefusedNamingTheEditAndTheTurnAndChangeNothing() throws Exception {
    String id = make();
    PodcastScript before = script(id);
    int turns = before.segments().get(1).turns().size();
    Map<JsonArray, String> cases = Map.of(
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 0).put("text", "Fine."))
            .add(new JsonObject().put("segment", 1).put("turn", 9).put("text", "Nope.")),
        "edits[1]: segment 1 has no turn 9",
        new JsonArray().add(new JsonObject().put("segment", 40).put("turn", 0).put("text", "Nope.")),
        "edits[0]: the episode has no segment 40",
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 0).put("host", "Zed")),
        "edits[0]: no host named 'Zed'",
        new JsonArray().add(new JsonObject().put("segment", 1).put("insert_after", turns).put("host", "Sam")
            .put("text", "Late.")),
        "edits[0]: segment 1 has no turn " + turns + " to insert after",
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 0).put("text", "  ")),
        "edits[0]: 'text' must be a non-empty string",
        new JsonArray().add(new JsonObject().put("segment", 0).put("text", "Which turn?")),
        "edits[0]: give exactly one of 'turn'");
    for (Map.Entry<JsonArray, String> c : cases.entrySet()) {
      HttpResponse<Buffer> r = patch(id, c.getKey());
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message")).startsWith(c.getValue());
    }
    assertThat(http.patch("/v1/podcasts/" + id + "/script").sendBuffer(Buffer.buffer("{oops"))
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(400);
    assertThat(patch("pod_doesnotexist12", new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 0)
        .put("text", "Hi."))).statusCode()).isEqualTo(404);
    assertThat(script(id)).isEqualTo(before);
    assertThat(http.get("/v1/podcasts/" + id).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject()
        .getInteger("version")).isEqualTo(1);
  }

  @Test
  void anEpisodeIsEditedOnceReadyAndALiveSessionThenPlaysTheEditedText() throws Exception {
    String id = order();
    String opening = "Hello from the edited opening of this episode about Cape Mora.";
    HttpResponse<Buffer> early = patch(id, new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 0)
        .put("text", opening)));
    assertThat(early.statusCode()).as(early.bodyAsString()).isEqualTo(409);
    assertThat(early.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("once it is ready");
    ready(id);
    assertThat(patch(id, new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 0).put("text", opening)))
        .statusCode()).isEqualTo(200);
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "/v1/podcasts/" + id + "/live", null, null)) {
      rt.await("podcast.ready", 10_000);
      rt.send(new JsonObject().put("type", "podcast.start"));
      JsonObject turn = rt.await("podcast.turn.started", 20_000);
      assertThat(turn.getString("text")).isEqualTo(opening);
      rt.await("response.output_audio.delta", 20_000);
    }
  }

  @Test
  void aLiveSocketOrdersItsEpisodeWithPodcastCreateParsedLikeThePost() throws Exception {
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "/v1/podcasts/live", null, null)) {
      rt.await("session.created", 10_000);
      rt.send(new JsonObject().put("type", "podcast.create").put("podcast", new JsonObject()
          .put("text", PodcastServerTest.SOURCE).put("style", "opera")));
      JsonObject error = rt.await("error", 10_000).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("podcast_failed");
      assertThat(error.getString("param")).isEqualTo("style");
      assertThat(error.getString("message")).contains("'style' must be one of");
    }
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "/v1/podcasts/live", null, null)) {
      rt.await("session.created", 10_000);
      rt.send(new JsonObject().put("type", "podcast.create").put("podcast", new JsonObject()
          .put("text", PodcastServerTest.SOURCE).put("minutes", 0.5).put("style", "brief")));
      rt.await("podcast.progress", 20_000);
      assertThat(rt.await("podcast.ready", 60_000).getJsonArray("segments")).isNotEmpty();
    }
  }
}
