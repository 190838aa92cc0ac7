package dev.nexus.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.nexus.TestSupport;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * kill -9 while an episode is being spoken: every file left is whole (no torn write), and after a restart on the
 * same NEXUS_DATA the episode is resumed from the segments already spoken and finishes whole.
 */
class CrashIT {
  /** A long source on many subjects, so that the episode has several segments to speak. */
  private static final String TEXT = String.join(" ",
      "The iron bridge over the Marr river was finished in 1887 after four years of work.",
      "Its girders were cast at the Kell foundry, which employed three hundred men at the time.",
      "The first train crossed the bridge on a foggy morning in March, carrying coal and twelve passengers.",
      "A flood in 1903 washed away the wooden piers of the older crossing upstream.",
      "The town bakery on Mill Street has baked rye bread every day since 1850.",
      "Its ovens were fired with beech wood until the gas works opened in 1910.",
      "The baker's daughter, Irma Holt, wrote a cookbook that sold forty thousand copies.",
      "The public library was a gift from a shipping merchant who had grown up in the town.",
      "Its reading room holds maps of the coast drawn by naval surveyors in the eighteenth century.",
      "Children borrowed more books than adults for the first time in 1932.",
      "The copper mine in the hills closed in 1958 when the richest seam ran out.",
      "Miners went down a shaft two hundred metres deep in cages lowered by a steam winch.",
      "A museum in the old engine house now shows the winch and the miners' lamps.",
      "The town orchestra gives a concert in the market square on the first Sunday of summer.",
      "Its conductor, Paul Wren, led it for thirty one years without missing a season.",
      "The harbour was dredged in 1921 so that steamers could dock at low tide.",
      "Fishing boats land herring there in autumn and crab in the spring.",
      "A lighthouse on the northern mole has guided ships into the harbour since 1869.",
      "The spring festival began as a horse fair and now fills the streets with music and stalls.",
      "Its parade ends at the town hall, where the mayor rings a bell cast from melted cannon.",
      "The town hall clock was made in Nuremberg and has lost only minutes in a century.",
      "The school on Church Hill opened in 1876 with two teachers and ninety pupils.",
      "Its first headmistress insisted that girls study geometry as well as boys.",
      "The railway station was rebuilt in brick after a fire destroyed the timber hall in 1899.",
      "A tramway linked the station to the harbour until buses replaced it in 1936.",
      "The vineyards on the southern slope produce a dry white wine from old vines.",
      "A late frost in 1956 killed half of the vines, and the growers replanted by hand.");

  private Process start(Path data, int port) throws Exception {
    Path jar = Path.of(System.getProperty("nexus.jar", "target/nexus.jar"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String agent = System.getProperty("nexus.it.agent", "");
    if (agent.startsWith("-javaagent")) {
      command.add(agent);
    }
    command.addAll(List.of("-jar", jar.toString(), "serve", "--port", String.valueOf(port)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Files.createTempFile("nexus-crash", ".log").toFile());
    builder.environment().put("NEXUS_DATA", data.toString());
    builder.environment().put("NEXUS_MODELS", TestSupport.models().root().toString());
    return builder.start();
  }

  private static HttpResponse<String> call(HttpClient http, HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      return null;
    }
  }

  private static void awaitHealth(HttpClient http, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = call(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(2)).build());
      if (r != null && r.statusCode() == 200) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no health in 60 s");
  }

  private static JsonObject get(HttpClient http, int port, String path) {
    return new JsonObject(call(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build())
        .body());
  }

  @Test
  void killNineWhileAnEpisodeIsSpokenLosesAtMostTheSegmentInFlightAndARestartFinishesIt() throws Exception {
    Path data = Files.createTempDirectory("nexus-crash-data");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    HttpClient http = HttpClient.newHttpClient();
    Process first = start(data, port);
    String id;
    try {
      awaitHealth(http, port);
      HttpResponse<String> created = call(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/v1/podcasts")).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
          new JsonObject().put("text", TEXT).put("minutes", 10).encode())).build());
      assertThat(created.statusCode()).isEqualTo(202);
      id = new JsonObject(created.body()).getString("id");
      // kill it once the first segment has been spoken and kept, while the rest is being spoken
      Path firstPart = data.resolve("podcasts").resolve(id).resolve("parts/000.json");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline && !Files.exists(firstPart)) {
        Thread.sleep(5);
      }
      assertThat(firstPart).as("a segment spoken").exists();
    } finally {
      first.destroyForcibly(); // kill -9
      first.waitFor(20, TimeUnit.SECONDS);
    }
    Path episode = data.resolve("podcasts").resolve(id);
    assertThat(Files.exists(episode.resolve("script.json"))).as("caught before the end").isFalse();
    try (Stream<Path> files = Files.walk(data.resolve("podcasts"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        String written = Files.readString(f);
        // whole JSON, never torn: a torn file fails to parse, a truncated-to-empty one has no fields
        assertThatCode(() -> new JsonObject(written)).as(f.toString()).doesNotThrowAnyException();
        assertThat(new JsonObject(written).fieldNames()).as(f.toString()).isNotEmpty();
      }
    }
    int kept = 0;
    while (Files.exists(episode.resolve(String.format("parts/%03d.json", kept)))) {
      kept++;
    }
    Process second = start(data, port);
    try {
      awaitHealth(http, port);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      JsonObject status = get(http, port, "/v1/podcasts/" + id);
      while (System.nanoTime() < deadline && !List.of("ready", "failed").contains(status.getString("status"))) {
        Thread.sleep(100);
        status = get(http, port, "/v1/podcasts/" + id);
      }
      assertThat(status.getString("status")).as(status.encode()).isEqualTo("ready");
      assertThat(status.getBoolean("resumed")).isTrue();
      assertThat(status.getInteger("resumed_segments")).as("segments spoken before the kill, not spoken again")
          .isEqualTo(kept);
      try (Stream<Path> files = Files.walk(data.resolve("podcasts"))) {
        assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).as("half-written files swept").isEmpty();
      }
      assertThat(episode.resolve("parts")).as("the work kept for resuming is removed once done").doesNotExist();
      assertThat(episode.resolve("draft.json")).doesNotExist();

      // the episode is whole: its turns follow one another, and the audio is as long as the script says
      JsonObject script = status.getJsonObject("script");
      long previousEnd = -1;
      int turns = 0;
      for (Object segment : script.getJsonArray("segments")) {
        for (Object t : ((JsonObject) segment).getJsonArray("turns")) {
          JsonObject turn = (JsonObject) t;
          assertThat(turn.getLong("startMs")).isGreaterThan(previousEnd);
          previousEnd = turn.getLong("endMs");
          turns++;
        }
      }
      assertThat(turns).isGreaterThan(kept);
      HttpResponse<byte[]> wav = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/v1/podcasts/" + id + "/audio")).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(wav.statusCode()).isEqualTo(200);
      JsonObject audio = script.getJsonObject("audio");
      long expectedBytes = audio.getLong("durationMs") * audio.getInteger("sampleRate") / 1000 * 2;
      assertThat((double) wav.body().length - 44).isCloseTo(expectedBytes, org.assertj.core.data.Offset.offset(
          audio.getInteger("sampleRate") / 10.0));
      assertThat(previousEnd).isLessThanOrEqualTo(audio.getLong("durationMs"));
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
