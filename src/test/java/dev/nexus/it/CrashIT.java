package dev.nexus.it;

import static org.assertj.core.api.Assertions.assertThat;

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
 * kill -9 while an episode is being made: after a restart on the same NEXUS_DATA the episode is reported
 * as interrupted, every file left is whole JSON (no torn write), and the server works.
 */
class CrashIT {
  private static final String TEXT = String.join(" ", java.util.Collections.nCopies(30,
      "The lighthouse keeper climbed the stairs at dusk and lit the great lamp for the ships at sea."))
      + " The storm came at midnight. The boats came home at dawn.";

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

  @Test
  void killNineDuringGenerationLosesNothingButTheEpisodeInFlightAndTearsNoFile() throws Exception {
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
          new JsonObject().put("text", TEXT).put("minutes", 20).encode())).build());
      assertThat(created.statusCode()).isEqualTo(202);
      id = new JsonObject(created.body()).getString("id");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      String status = "queued";
      while (System.nanoTime() < deadline && List.of("queued").contains(status)) {
        status = new JsonObject(call(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/v1/podcasts/" + id)).build()).body()).getString("status");
        Thread.sleep(20);
      }
      assertThat(status).as("caught in the making").isIn("writing", "rendering");
    } finally {
      first.destroyForcibly(); // kill -9
      first.waitFor(20, TimeUnit.SECONDS);
    }
    try (Stream<Path> files = Files.walk(data.resolve("podcasts"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
        assertThat(new JsonObject(Files.readString(f))).as(f.toString()).isNotNull(); // whole JSON, never torn
      }
    }
    Process second = start(data, port);
    try {
      awaitHealth(http, port);
      JsonObject status = new JsonObject(call(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/v1/podcasts/" + id)).build()).body());
      assertThat(status.getString("status")).isEqualTo("interrupted");
      assertThat(status.getString("error")).contains("create it again");
      try (Stream<Path> files = Files.walk(data.resolve("podcasts"))) {
        assertThat(files.filter(p -> p.toString().endsWith(".tmp"))).as("half-written files swept").isEmpty();
      }
      HttpResponse<String> again = call(http, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/v1/podcasts")).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
          new JsonObject().put("text", TEXT).put("minutes", 0.5).encode())).build());
      assertThat(again.statusCode()).isEqualTo(202);
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
