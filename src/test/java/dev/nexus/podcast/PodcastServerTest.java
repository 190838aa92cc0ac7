package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.audio.AudioDecoder;
import dev.nexus.audio.Pcm;
import dev.nexus.client.RealtimeClient;
import dev.nexus.knowledge.Passages;
import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Produced episodes over HTTP and live, interruptible sessions over a real WebSocket, against the running server. */
public class PodcastServerTest {
  public static final String SOURCE = PodcastScriptTest.SOURCE + " The keeper's logbook from that night is kept in the "
      + "museum too. It records the wind at force eleven and the rain that did not stop until dawn. "
      + "Ada Varga retired in 1912 and lived in the keeper's cottage until her death.";

  static Path data;
  static NexusServer server;
  static Vertx client;
  static WebClient http;
  static String episode;

  @BeforeAll
  static void start() throws Exception {
    data = Files.createTempDirectory("nexus-podcast-data");
    server = new NexusServer(TestSupport.environment(Map.of("NEXUS_DATA", data.toString())), null, null)
        .start().await(60, TimeUnit.SECONDS);
    client = Vertx.vertx();
    http = WebClient.create(client, new WebClientOptions().setDefaultPort(server.port()));
    episode = make(new JsonObject().put("text", SOURCE).put("minutes", 1.5));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.stop().await(30, TimeUnit.SECONDS);
    }
    client.close().await(10, TimeUnit.SECONDS);
  }

  /** Posts an episode and waits until it is ready; returns its id. */
  static String make(JsonObject request) throws Exception {
    HttpResponse<Buffer> created = http.post("/v1/podcasts").sendJsonObject(request).await(70, TimeUnit.SECONDS);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    String id = created.bodyAsJsonObject().getString("id");
    assertThat(created.getHeader("location")).isEqualTo("/v1/podcasts/" + id);
    int lastPercent = -1;
    for (int i = 0; i < 600; i++) {
      JsonObject status = http.get("/v1/podcasts/" + id).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      assertThat(status.getInteger("percent")).isGreaterThanOrEqualTo(lastPercent);
      lastPercent = status.getInteger("percent");
      if ("ready".equals(status.getString("status"))) {
        return id;
      }
      assertThat(status.getString("status")).as(status.encode()).isIn("queued", "writing", "rendering");
      Thread.sleep(100);
    }
    throw new AssertionError("the episode was not ready in a minute");
  }

  private static JsonObject script(String id) throws Exception {
    return http.get("/v1/podcasts/" + id).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonObject("script");
  }

  /** Every sentence of an answer turn comes from the source (the offline engine quotes it). */
  private static void assertGrounded(String text, String source) {
    Set<String> sentences = new HashSet<>(Phrases.sentencesOf(source));
    assertThat(Passages.sentences(text)).as(text).allMatch(sentences::contains);
  }

  @Test
  void aProducedEpisodeHasTwoVoicesTimingsAudioAndATranscript() throws Exception {
    PodcastScript script = PodcastScript.fromJson(script(episode).encode());
    assertThat(script.hosts()).extracting(PodcastScript.Host::voice).containsExactly("cedar", "marin");
    assertThat(script.segments()).hasSizeGreaterThanOrEqualTo(2);
    List<PodcastScript.Turn> turns = script.turns();
    assertThat(turns.stream().map(PodcastScript.Turn::host).distinct()).containsExactlyInAnyOrder("Alex", "Sam");
    turns.stream().filter(t -> t.host().equals("Sam")).forEach(t -> assertGrounded(t.text(), SOURCE));
    long previousEnd = -1;
    for (PodcastScript.Turn t : turns) {
      assertThat(t.startMs()).isGreaterThan(previousEnd);
      assertThat(t.endMs()).isGreaterThan(t.startMs());
      assertThat(t.words()).isNotEmpty().allSatisfy(w -> assertThat(w.startMs()).isBetween(t.startMs(), t.endMs()));
      previousEnd = t.endMs();
    }
    HttpResponse<Buffer> audio = http.get("/v1/podcasts/" + episode + "/audio").send().await(30, TimeUnit.SECONDS);
    assertThat(audio.getHeader("content-type")).isEqualTo("audio/wav");
    float[] samples = AudioDecoder.decode(audio.body().getBytes(), 24000, 24000);
    assertThat(samples.length * 1000L / 24000).isCloseTo(script.audio().durationMs(), org.assertj.core.data.Offset.offset(400L));
    // the two hosts sound different: Flite's voices for cedar (rms, male) and marin (slt, female) differ in pitch
    PodcastScript.Turn alex = turns.get(0);
    PodcastScript.Turn sam = turns.stream().filter(t -> t.host().equals("Sam")).findFirst().orElseThrow();
    assertThat(Math.abs(pitch(samples, alex) - pitch(samples, sam))).isGreaterThan(15);
    String transcript = http.get("/v1/podcasts/" + episode + "/transcript").send().await(10, TimeUnit.SECONDS).bodyAsString();
    assertThat(transcript).contains("[00:00] Alex: Welcome to the show").contains("Sam: ");
    JsonArray list = http.get("/v1/podcasts").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("data");
    assertThat(list.stream().map(o -> ((JsonObject) o).getString("id"))).contains(episode);
  }

  /** The median pitch of a turn in Hz, by autocorrelation over 40 ms frames. */
  static double pitch(float[] samples, PodcastScript.Turn turn) {
    List<Double> pitches = new java.util.ArrayList<>();
    int from = (int) (turn.startMs() * 24);
    int to = (int) Math.min(samples.length, turn.endMs() * 24);
    for (int at = from; at + 960 < to; at += 960) {
      double energy = 0;
      for (int i = 0; i < 960; i++) {
        energy += samples[at + i] * samples[at + i];
      }
      if (energy / 960 < 1e-4) {
        continue;
      }
      int best = 0;
      double bestScore = 0;
      for (int lag = 60; lag <= 400; lag++) { // 60 to 400 Hz
        double score = 0;
        for (int i = 0; i < 960 - lag; i++) {
          score += samples[at + i] * samples[at + i + lag];
        }
        if (score > bestScore) {
          bestScore = score;
          best = lag;
        }
      }
      if (best > 0) {
        pitches.add(24000.0 / best);
      }
    }
    pitches.sort(Double::compare);
    return pitches.get(pitches.size() / 2);
  }

  @Test
  void aDebateWithThreeHostsGivesEveryHostTheirTurn() throws Exception {
    String id = make(new JsonObject().put("text", SOURCE).put("minutes", 1).put("style", "Debate")
        .put("hosts", new JsonArray().add(new JsonObject().put("name", "Ana").put("voice", "alloy"))
            .add(new JsonObject().put("name", "Ben").put("voice", "nova").put("persona", "a sceptical historian"))
            .add(new JsonObject().put("name", "Cleo").put("voice", "echo"))));
    PodcastScript script = PodcastScript.fromJson(script(id).encode());
    assertThat(script.style()).isEqualTo("debate");
    assertThat(script.host("Ben").persona()).isEqualTo("a sceptical historian");
    assertThat(script.turns().stream().map(PodcastScript.Turn::host).distinct()).contains("Ana", "Ben", "Cleo");
  }

  @Test
  void anEpisodeLongerThanItsSourceSaysInItsStatusHowMuchTheSourceCovers() throws Exception {
    String id = make(new JsonObject().put("text", SOURCE).put("minutes", 5).put("style", "brief"));
    JsonObject status = http.get("/v1/podcasts/" + id).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(status.getString("note")).matches("the source covers about (half a minute|1 minute|2 minutes)");
    assertThat(status.getLong("duration_ms")).isLessThan(5 * 60_000 * 3 / 4);
  }

  @Test
  void badRequestsAreRefusedClearly() throws Exception {
    Map<JsonObject, Integer> cases = Map.of(
        new JsonObject(), 400,
        new JsonObject().put("text", SOURCE).put("topic", "x"), 400,
        new JsonObject().put("text", SOURCE).put("minutes", 0), 400,
        new JsonObject().put("text", SOURCE).put("style", "opera"), 400,
        new JsonObject().put("text", SOURCE).put("hosts", new JsonArray().add(new JsonObject().put("name", "Solo"))), 400,
        new JsonObject().put("text", SOURCE).put("hosts", new JsonArray().add(new JsonObject().put("name", "A")
            .put("voice", "klingon")).add(new JsonObject().put("name", "B"))), 400,
        new JsonObject().put("url", "ftp://example.org/x"), 400,
        new JsonObject().put("url", "http://127.0.0.1:1/nothing"), 400,
        new JsonObject().put("topic", "the mating habits of quasars"), 400);
    for (Map.Entry<JsonObject, Integer> c : cases.entrySet()) {
      HttpResponse<Buffer> r = http.post("/v1/podcasts").sendJsonObject(c.getKey()).await(30, TimeUnit.SECONDS);
      assertThat(r.statusCode()).as(c.getKey().encode() + " → " + r.bodyAsString()).isEqualTo(c.getValue());
      assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message")).isNotBlank();
    }
    assertThat(http.post("/v1/podcasts").sendBuffer(Buffer.buffer("{oops")).await(10, TimeUnit.SECONDS).statusCode())
        .isEqualTo(400);
    assertThat(http.get("/v1/podcasts/pod_doesnotexist12").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    assertThat(http.get("/v1/podcasts/pod_doesnotexist12/audio").send().await(10, TimeUnit.SECONDS).statusCode())
        .isEqualTo(404);
  }

  @Test
  void urlsThatAreNotReadablePagesAreRefusedAndATopicUsesTheDocuments() throws Exception {
    Vertx web = Vertx.vertx();
    try {
      HttpServer pages = web.createHttpServer().requestHandler(req -> {
        switch (req.path()) {
          case "/missing" -> req.response().setStatusCode(404).end("gone");
          case "/image" -> req.response().putHeader("content-type", "image/png").end(Buffer.buffer(new byte[100]));
          case "/tiny" -> req.response().putHeader("content-type", "text/html").end("<p>Hi.</p>");
          case "/empty" -> req.response().putHeader("content-type", "text/plain").end();
          default -> req.response().putHeader("content-type", "text/plain").end(SOURCE);
        }
      }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      for (String path : List.of("/missing", "/image", "/tiny", "/empty")) {
        HttpResponse<Buffer> r = http.post("/v1/podcasts").sendJsonObject(new JsonObject()
            .put("url", "http://127.0.0.1:" + pages.actualPort() + path)).await(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(path + " " + r.bodyAsString()).isEqualTo(400);
      }
      String plain = make(new JsonObject().put("url", "http://127.0.0.1:" + pages.actualPort() + "/plain.txt")
          .put("minutes", 0.5));
      assertThat(PodcastScript.fromJson(script(plain).encode()).source().text()).isEqualTo(SOURCE);
    } finally {
      web.close().await(10, TimeUnit.SECONDS);
    }
    assertThat(http.post("/v1/documents").sendJsonObject(new JsonObject().put("title", "Cape Mora")
        .put("text", SOURCE)).await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
    String topic = make(new JsonObject().put("topic", "the lighthouse keeper Ada Varga").put("minutes", 0.5));
    PodcastScript script = PodcastScript.fromJson(script(topic).encode());
    assertThat(script.source().kind()).isEqualTo("topic");
    assertThat(script.source().text()).contains("Ada");
  }

  @Test
  void anEpisodeFromAUrlUsesThePagesText() throws Exception {
    Vertx web = Vertx.vertx();
    try {
      HttpServer page = web.createHttpServer().requestHandler(req -> req.response().putHeader("content-type",
          "text/html; charset=utf-8").end("<html><head><script>var x=1;</script></head><body><h1>Cape Mora</h1><p>"
          + SOURCE + "</p></body></html>")).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      String id = make(new JsonObject().put("url", "http://127.0.0.1:" + page.actualPort() + "/mora.html")
          .put("minutes", 1).put("style", "brief"));
      PodcastScript script = PodcastScript.fromJson(script(id).encode());
      assertThat(script.source().kind()).isEqualTo("url");
      assertThat(script.source().text()).startsWith("Cape Mora").doesNotContain("var x");
      script.turns().stream().filter(t -> t.host().equals("Sam")).forEach(t -> assertGrounded(t.text(), script.source().text()));
    } finally {
      web.close().await(10, TimeUnit.SECONDS);
    }
  }

  private RealtimeClient live(String query) throws Exception {
    return RealtimeClient.connect(client, server.port(), "/v1/podcasts/" + episode + "/live", query, null);
  }

  @Test
  void aTypedInterruptionStopsTheAudioTheHostsAnswerFromTheSourceAndTheEpisodeResumesAtTheHeardWord() throws Exception {
    JsonObject played;
    JsonObject interrupted;
    String session;
    try (RealtimeClient rt = live(null)) {
      session = rt.await("session.created", 10_000).getJsonObject("session").getString("id");
      rt.await("podcast.ready", 10_000);
      rt.send(new JsonObject().put("type", "podcast.start"));
      rt.awaitIndex(0, e -> "response.output_audio.delta".equals(e.getString("type")) && "Sam".equals(e.getString("host")),
          30_000, "audio from Sam");
      assertThat(rt.all("response.output_audio.delta").stream().map(e -> e.getString("host")).distinct())
          .containsExactlyInAnyOrder("Alex", "Sam");
      Thread.sleep(new Random(7).nextInt(1500)); // a moment into the episode
      long receivedMs = rt.all("response.output_audio.delta").stream()
          .mapToLong(e -> java.util.Base64.getDecoder().decode(e.getString("audio")).length / 48).sum();
      long heard = receivedMs - 300; // the listener's player is a little behind what arrived
      rt.send(new JsonObject().put("type", "podcast.playback").put("audio_end_ms", heard));
      rt.send(new JsonObject().put("type", "podcast.interrupt").put("text", "What did Ada do during the great storm?"));
      int at = rt.awaitIndex(0, e -> "podcast.interrupted".equals(e.getString("type")), 10_000, "interrupted");
      interrupted = rt.get(at);
      assertThat(interrupted.getLong("heard_ms")).isEqualTo(heard);
      // the turn that was playing at the heard moment is the one the cursor is in
      played = rt.received().subList(0, at).stream().map(RealtimeClient.Received::event)
          .filter(e -> "podcast.turn.started".equals(e.getString("type")) && e.getLong("audio_start_ms") <= heard)
          .reduce((a, b) -> b).orElseThrow();
      assertThat(interrupted.getInteger("segment")).isEqualTo(played.getInteger("segment"));
      assertThat(interrupted.getInteger("turn")).isEqualTo(played.getInteger("turn"));
      assertThat(interrupted.getInteger("offset")).isGreaterThanOrEqualTo(played.getInteger("offset"));
      String turnText = played.getString("text");
      assertThat(turnText.substring(interrupted.getInteger("offset"))).startsWith(interrupted.getString("at_word"));

      int answer = rt.awaitIndex(at, e -> "podcast.answer.audio".equals(e.getString("type")), 30_000, "answer audio");
      long stale = rt.received().subList(at, answer).stream().map(RealtimeClient.Received::event)
          .filter(e -> "response.output_audio.delta".equals(e.getString("type"))).count();
      assertThat(stale).as("episode audio after the interruption, before the answer").isZero();
      JsonObject answerDone = rt.await(at, "podcast.answer.done", 30_000);
      assertGrounded(answerDone.getString("text"), SOURCE);
      assertThat(Passages.sentences(answerDone.getString("text"))).as("one or two spoken sentences").hasSizeBetween(1, 2);
      assertThat(answerDone.getString("text")).doesNotStartWith("From what I have");
      assertThat(answerDone.getString("text").toLowerCase()).containsAnyOf("storm", "lens", "lamp");
      JsonObject resumed = rt.await(at, "podcast.resumed", 30_000);
      assertThat(resumed.getInteger("offset")).isEqualTo(interrupted.getInteger("offset"));
      JsonObject again = rt.get(rt.awaitIndex(at, e -> "podcast.turn.started".equals(e.getString("type")), 30_000,
          "the turn again"));
      assertThat(again.getInteger("segment")).isEqualTo(interrupted.getInteger("segment"));
      assertThat(again.getInteger("turn")).isEqualTo(interrupted.getInteger("turn"));
      assertThat(again.getInteger("offset")).isEqualTo(interrupted.getInteger("offset"));
      // twenty bad events are answered and the session goes on
      int before = rt.all("error").size();
      for (String bad : List.of("nope", "{}", "{\"type\":\"podcast.jump\"}", "{\"type\":\"podcast.playback\"}",
          "{\"type\":\"podcast.interrupt\",\"text\":5}", "{\"type\":\"podcast.resume\"}", "{\"type\":\"podcast.start\"}",
          "{\"type\":\"input_audio_buffer.append\"}", "{\"type\":\"input_audio_buffer.append\",\"audio\":\"!!\"}",
          "{\"type\":\"podcast.playback\",\"audio_end_ms\":-5}")) {
        rt.sendRaw(bad);
      }
      rt.awaitIndex(0, e -> rt.all("error").size() >= before + 10, 10_000, "ten errors");
      assertThat(rt.isClosed()).isFalse();
    }
    // a reconnect with the same session id resumes at the heard cursor
    Thread.sleep(300);
    try (RealtimeClient rt = live("session=" + session)) {
      JsonObject created = rt.await("session.created", 10_000).getJsonObject("session");
      assertThat(created.getBoolean("resumed")).isTrue();
      rt.await("podcast.ready", 10_000);
      JsonObject cursor = created.getJsonObject("cursor");
      assertThat(cursor.getInteger("segment") * 1000 + cursor.getInteger("turn"))
          .isGreaterThanOrEqualTo(interrupted.getInteger("segment") * 1000 + interrupted.getInteger("turn"));
      rt.send(new JsonObject().put("type", "podcast.start"));
      JsonObject resumed = rt.await("podcast.resumed", 10_000);
      assertThat(resumed.getInteger("offset")).isEqualTo(cursor.getInteger("offset"));
      JsonObject turn = rt.await("podcast.turn.started", 20_000);
      assertThat(turn.getInteger("turn")).isEqualTo(cursor.getInteger("turn"));
      assertThat(turn.getInteger("offset")).isEqualTo(cursor.getInteger("offset"));
    }
  }

  @Test
  void theListenerCanPauseAndResumeAndTheServerRefusesWhatMakesNoSense() throws Exception {
    try (RealtimeClient rt = live("audio=binary")) {
      rt.await("podcast.ready", 10_000);
      for (String early : List.of("podcast.pause", "podcast.resume", "podcast.interrupt")) {
        rt.send(new JsonObject().put("type", early));
      }
      rt.awaitIndex(0, e -> rt.all("error").size() >= 3, 10_000, "three errors");
      assertThat(rt.all("error")).allSatisfy(e -> assertThat(e.getJsonObject("error").getString("code"))
          .isEqualTo("invalid_state"));
      rt.send(new JsonObject().put("type", "podcast.start"));
      rt.await("podcast.turn.started", 20_000);
      rt.awaitIndex(0, e -> rt.binaryBytes() > 48_000, 20_000, "a second of binary audio");
      assertThat(rt.all("response.output_audio.delta")).as("audio comes as binary frames").isEmpty();
      int from = rt.size();
      rt.send(new JsonObject().put("type", "podcast.start"));
      rt.send(new JsonObject().put("type", "podcast.pause"));
      JsonObject paused = rt.await(from, "podcast.paused", 5000);
      assertThat(paused.getLong("heard_ms")).isPositive();
      long bytes = rt.binaryBytes();
      Thread.sleep(1500);
      assertThat(rt.binaryBytes()).as("nothing is sent while paused").isEqualTo(bytes);
      rt.send(new JsonObject().put("type", "podcast.resume"));
      rt.await(from, "podcast.resumed", 5000);
      rt.awaitIndex(from, e -> rt.binaryBytes() > bytes, 10_000, "audio again");
      rt.sendBinary(new byte[] {1});
      rt.awaitIndex(from, e -> rt.all("error").size() >= 5, 10_000, "the start-twice and odd-bytes errors");
    }
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "/v1/podcasts/pod_nosuchepisode1/live", null, null)) {
      assertThat(rt.await("error", 10_000).getJsonObject("error").getString("code")).isEqualTo("podcast_not_found");
    }
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "/v1/podcasts/live", "minutes=0", null)) {
      assertThat(rt.await("error", 10_000).getJsonObject("error").getString("code")).isEqualTo("podcast_failed");
    }
    assertThat(http.get("/v1/podcasts/" + episode + "/live").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(426);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RealtimeClient.connect(client, server.port(),
        "/v1/podcasts/" + episode + "/live", "input_rate=44100", null)).hasMessageContaining("400");
  }

  @Test
  void aSpokenQuestionInterruptsTheEpisode() throws Exception {
    float[] jfk = AudioDecoder.decode(Files.readAllBytes(TestSupport.jfkFlac()), 16000, 16000);
    byte[] speech = Pcm.toBytes(jfk, 0, jfk.length);
    try (RealtimeClient rt = live("input_rate=16000")) {
      rt.await("podcast.ready", 10_000);
      rt.send(new JsonObject().put("type", "podcast.start"));
      rt.await("response.output_audio.delta", 30_000);
      rt.appendAudio(speech, 3200);
      rt.appendAudio(new byte[16000 * 2 * 2], 3200);
      int at = rt.awaitIndex(0, e -> "podcast.interrupted".equals(e.getString("type")), 20_000, "interrupted");
      int answering = rt.awaitIndex(at, e -> "podcast.answer.started".equals(e.getString("type")), 60_000,
          "an answer");
      // the question is what the listener said last before the answer began: on a loaded machine a first utterance's
      // transcript can come after the episode stopped listening for it, and the next utterance is the question
      List<String> said = rt.received().subList(at, answering).stream().map(RealtimeClient.Received::event)
          .filter(e -> "conversation.item.input_audio_transcription.completed".equals(e.getString("type")))
          .map(e -> e.getString("transcript")).toList();
      assertThat(said).as("transcripts between the interruption and the answer").isNotEmpty();
      assertThat(rt.get(answering).getString("question")).isNotBlank().isEqualTo(said.get(said.size() - 1));
      rt.await(answering, "podcast.resumed", 60_000);
    }
  }

  @Test
  void aLiveEpisodeCanBeMadeOnTheFly() throws Exception {
    String text = java.net.URLEncoder.encode(SOURCE, java.nio.charset.StandardCharsets.UTF_8);
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "/v1/podcasts/live",
        "minutes=1&style=brief&text=" + text, null)) {
      rt.await("podcast.progress", 20_000);
      JsonObject ready = rt.await("podcast.ready", 60_000);
      assertThat(ready.getJsonArray("segments")).isNotEmpty();
      rt.send(new JsonObject().put("type", "podcast.start"));
      assertThat(rt.await("podcast.turn.started", 20_000).getString("text")).startsWith("Welcome to the show");
    }
  }

  @Test
  void anEpisodeSurvivesARestart() throws Exception {
    JsonObject before = script(episode);
    server.stop().await(30, TimeUnit.SECONDS);
    server = new NexusServer(TestSupport.environment(Map.of("NEXUS_DATA", data.toString())), null, null)
        .start().await(60, TimeUnit.SECONDS);
    http = WebClient.create(client, new WebClientOptions().setDefaultPort(server.port()));
    assertThat(script(episode)).isEqualTo(before);
    assertThat(http.get("/v1/podcasts/" + episode + "/audio").send().await(30, TimeUnit.SECONDS).body().length())
        .isGreaterThan(48_000);
  }
}
