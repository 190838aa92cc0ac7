package dev.nexus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
import org.junit.jupiter.api.Test;

/** Runs the packaged jar the way a user does: `java -jar target/nexus.jar serve --port N`. */
class ServeIT {

  @Test
  void theJarServesHealthAndMetricsAndStopsGracefullyOnSigterm() throws Exception {
    Path jar = Path.of(System.getProperty("nexus.jar", "target/nexus.jar"));
    assertThat(jar).exists();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("nexus-serve", ".log");
    Path data = Files.createTempDirectory("nexus-data");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String agent = System.getProperty("nexus.it.agent", "");
    if (agent.startsWith("-javaagent")) {
      command.add(agent); // JaCoCo, so coverage counts what the packaged jar runs
    }
    command.addAll(List.of("-jar", jar.toString(), "serve", "--port", String.valueOf(port)));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("NEXUS_DATA", data.toString());
    Process process = builder.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      // order, not a time window: once the process says it is up, /health answers 200 at once. The long
      // deadline only guards against a hang (the start time itself is measured in bench/, not asserted here)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!Files.readString(log).contains("Nexus is up on port") && process.isAlive()) {
        assertThat(System.nanoTime()).as("no start-up within 180 s; log:\n%s", Files.readString(log))
            .isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(process.isAlive()).as("the process is running; log:\n%s", Files.readString(log)).isTrue();
      assertThat(statusOf(http, port, "/health")).as("health once up; log:\n%s", Files.readString(log))
          .isEqualTo(200);
      HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.body()).contains("vertx_http_server_requests_total");
    } finally {
      process.destroy(); // SIGTERM
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(Files.readString(log)).contains("Nexus stopping").contains("Nexus stopped");
  }

  private static int statusOf(HttpClient http, int port, String path) throws InterruptedException {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }
}
