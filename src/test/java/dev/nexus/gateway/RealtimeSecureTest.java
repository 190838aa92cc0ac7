package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import dev.nexus.audio.AudioDecoder;
import dev.nexus.audio.Pcm;
import dev.nexus.client.NodeClient;
import dev.nexus.config.NexusEnvironment;
import dev.nexus.metrics.LatencyLedger;
import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The realtime endpoint as the official {@code openai} npm client meets it: over wss:// with a
 * self-signed certificate the client trusts, behind API keys.
 */
class RealtimeSecureTest {
  static NexusServer server;
  static NexusEnvironment env;
  static Vertx client;
  static WebClient https;
  static Path cert;

  @BeforeAll
  static void start() throws Exception {
    Path config = Files.createTempDirectory("nexus-tls-config");
    Files.writeString(config.resolve("gateway.yaml"), "http:\n  tls:\n    self-signed: true\n"
        + "limits:\n  requests-per-minute: 40\n");
    env = TestSupport.environment(Map.of("NEXUS_API_KEYS", "first-key, second-key, third-key"));
    server = new NexusServer(env, config, null).start().await(60, TimeUnit.SECONDS);
    cert = Path.of((String) server.vertx().sharedData().getLocalMap("nexus.gateway").get("tls-cert"));
    client = Vertx.vertx();
    https = WebClient.create(client, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
        .setDefaultHost("localhost").setDefaultPort(server.port()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop().await(30, TimeUnit.SECONDS);
    client.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void theOpenAiRealtimeClientTalksOverWssAndIsInterrupted() throws Exception {
    float[] jfk = AudioDecoder.decode(Files.readAllBytes(TestSupport.jfkFlac()), 16000, 16000);
    Path pcm = NodeClient.tempFile(".pcm");
    Files.write(pcm, Pcm.toBytes(jfk, 0, jfk.length));
    assertThat(cert).as("the self-signed certificate is kept under NEXUS_DATA").startsWith(env.data()).isRegularFile();
    JsonObject result = NodeClient.run(Map.of("NODE_EXTRA_CA_CERTS", cert.toString()), "realtime.mjs",
        "https://localhost:" + server.port() + "/v1", pcm.toString(), "second-key", RealtimeServerTest.KENNEDY);
    assertThat(result.getBoolean("created")).isTrue();
    assertThat(result.getString("transcript").toLowerCase()).contains("country");
    assertThat(result.getInteger("partials")).isPositive();
    JsonObject first = result.getJsonObject("first");
    assertThat(first.getString("status")).isEqualTo("cancelled");
    assertThat(first.getString("reason")).isEqualTo("turn_detected");
    assertThat(first.getInteger("audioBytes")).isPositive();
    assertThat(first.getInteger("staleDeltas")).as("audio deltas after speech_started").isZero();
    assertThat(result.getInteger("truncated")).isEqualTo(200);
    assertThat(result.getJsonObject("second").getString("status")).isEqualTo("completed");
    assertThat(result.getInteger("errors")).isEqualTo(20);
    assertThat(result.getBoolean("alive")).isTrue();

    // the turns are in this run's CSV ledger
    List<Path> csv;
    try (Stream<Path> files = Files.list(env.data().resolve("metrics"))) {
      csv = files.filter(f -> f.getFileName().toString().startsWith("turns-")).toList();
    }
    assertThat(csv).hasSize(1);
    List<String> lines = waitForLines(csv.get(0), 3);
    assertThat(lines.get(0)).isEqualTo(LatencyLedger.HEADER);
    assertThat(lines.subList(1, lines.size())).anySatisfy(l -> assertThat(l.split(",", -1)[7]).as("barge-in ms").isNotEmpty())
        .anySatisfy(l -> assertThat(l.split(",", -1)[6]).as("first audio ms").isNotEmpty());
  }

  private static List<String> waitForLines(Path file, int atLeast) throws Exception {
    for (int i = 0; i < 100; i++) {
      List<String> lines = Files.readAllLines(file);
      if (lines.size() >= atLeast) {
        return lines;
      }
      Thread.sleep(50);
    }
    return Files.readAllLines(file);
  }

  @Test
  void everyV1RouteAndTheWebSocketNeedAKeyButHealthDoesNot() throws Exception {
    assertThat(https.get("/health").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    var none = https.get("/v1/models").send().await(10, TimeUnit.SECONDS);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("missing_api_key");
    var wrong = https.get("/v1/models").bearerTokenAuthentication("first-key-nope").send().await(10, TimeUnit.SECONDS);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("invalid_api_key");
    assertThat(https.get("/v1/models").bearerTokenAuthentication("first-key").send().await(10, TimeUnit.SECONDS)
        .statusCode()).isEqualTo(200);
    assertThat(https.get("/v1/models?api_key=second-key").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

    assertThat(server.vertx().sharedData().getLocalMap("nexus.gateway").get("host")).as("keys: every interface")
        .isEqualTo("0.0.0.0");
    // each key has a rate of its own: a bucket of 40 that refills at 40 a minute, then 429 until it refills.
    // Counted, not timed: at least the 40 in the bucket pass, at most those plus what refilled meanwhile
    long started = System.nanoTime();
    int accepted = 0;
    io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> refused = null;
    while (refused == null && accepted < 1000) {
      var r = https.get("/v1/voices").bearerTokenAuthentication("third-key").send().await(10, TimeUnit.SECONDS);
      if (r.statusCode() == 429) {
        refused = r;
      } else {
        assertThat(r.statusCode()).isEqualTo(200);
        accepted++;
      }
    }
    double refilled = (System.nanoTime() - started) / 1e9 * 40 / 60;
    assertThat(refused).as("a 429 once the bucket is empty").isNotNull();
    assertThat(refused.getHeader("retry-after")).isNotNull();
    assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("rate_limit_exceeded");
    assertThat(accepted).isGreaterThanOrEqualTo(40).isLessThanOrEqualTo(40 + (int) Math.ceil(refilled));
    assertThat(https.get("/v1/voices").bearerTokenAuthentication("second-key").send().await(10, TimeUnit.SECONDS)
        .statusCode()).as("another key's bucket is its own").isEqualTo(200);
    var ws = client.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(server.port())
        .setURI("/v1/realtime?model=gpt-realtime").setSsl(true);
    assertThatThrownBy(() -> ws.connect(options).await(10, TimeUnit.SECONDS))
        .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    var socket = ws.connect(new WebSocketConnectOptions(options).setURI("/v1/realtime?model=gpt-realtime&api_key=first-key"))
        .await(10, TimeUnit.SECONDS);
    assertThat(socket.isClosed()).isFalse();
    socket.close().await(5, TimeUnit.SECONDS);
    ws.close().await(5, TimeUnit.SECONDS);
  }
}
