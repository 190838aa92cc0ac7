package dev.nexus.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
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

/**
 * SIGTERM on {@code nexus serve} (the packaged jar, as a user runs it): the server stops taking requests,
 * and a request in flight completes whole within {@code http.shutdown-grace-ms}.
 */
class ShutdownIT {
  private static final String TEXT = ("The keeper climbed the stairs of the lighthouse every evening and lit the lamp. "
      + "Ships passed the cliff safely through the long winter nights. ").repeat(16);

  private static Process start(Path data, Path config, int port) throws Exception {
    Path jar = Path.of(System.getProperty("nexus.jar", "target/nexus.jar"));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String agent = System.getProperty("nexus.it.agent", "");
    if (agent.startsWith("-javaagent")) {
      command.add(agent);
    }
    command.addAll(List.of("-jar", jar.toString(), "serve", "--port", String.valueOf(port), "--config",
        config.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(Files.createTempFile("nexus-shutdown", ".log").toFile());
    builder.environment().put("NEXUS_DATA", data.toString());
    builder.environment().put("NEXUS_MODELS", TestSupport.models().root().toString());
    return builder.start();
  }

  private static HttpRequest speech(int port) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/audio/speech"))
        .header("content-type", "application/json").timeout(Duration.ofSeconds(120))
        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("input", TEXT).put("voice", "alloy")
            .put("response_format", "pcm").encode())).build();
  }

  @Test
  void sigtermLetsAnInFlightSpeechRequestFinishWholeThenTheProcessExits() throws Exception {
    Path data = Files.createTempDirectory("nexus-shutdown-data");
    Path config = Files.createTempDirectory("nexus-shutdown-config");
    Files.writeString(config.resolve("gateway.yaml"), "http:\n  shutdown-grace-ms: 60000\n");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    HttpClient http = HttpClient.newHttpClient();
    Process server = start(data, config, port);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        try {
          if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            break;
          }
        } catch (java.io.IOException notYet) {
          // not listening yet
        }
        assertThat(System.nanoTime()).as("the server answered /health").isLessThan(deadline);
        Thread.sleep(200);
      }
      // the whole answer, for comparison: espeak-ng is deterministic
      HttpResponse<byte[]> whole = http.send(speech(port), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(whole.statusCode()).isEqualTo(200);
      int expected = whole.body().length;
      assertThat(expected).as("several seconds of audio").isGreaterThan(24000 * 2 * 20);

      HttpResponse<InputStream> inFlight = http.send(speech(port), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(inFlight.statusCode()).isEqualTo(200);
      InputStream body = inFlight.body();
      byte[] first = body.readNBytes(4096); // the answer has begun
      server.destroy(); // SIGTERM
      byte[] rest = body.readAllBytes();
      assertThat(first.length + rest.length).as("the in-flight answer arrived whole").isEqualTo(expected);
      assertThat(server.waitFor(90, TimeUnit.SECONDS)).as("the process exited after the request").isTrue();
      assertThat(server.exitValue()).as("exit status after SIGTERM and the shutdown hook").isEqualTo(143);
    } finally {
      server.destroyForcibly();
      server.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
