package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import dev.nexus.config.ConfigException;
import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keys from a file, each with its own rights, read again when the file changes; /metrics behind a key. */
class ApiKeyRightsTest {
  static final String KEYS = """
      # key                 rights              who
      voice-only-key-1234   realtime,audio      the phone app
      chat-only-key-12345   chat                a chat bot
      ops-metrics-key-123   metrics             prometheus
      everything-key-1234   *                   admin
      """;
  static Path keysFile;
  static TestSupport.Running running;
  static NexusServer server;
  static Vertx client;
  static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    Path config = Files.createTempDirectory("nexus-keys-config");
    Files.writeString(config.resolve("gateway.yaml"), "metrics: key\napi-keys-reload-ms: 200\n");
    keysFile = Files.createTempDirectory("nexus-keys").resolve("keys.txt");
    Files.writeString(keysFile, KEYS);
    running = TestSupport.running(config, Map.of("NEXUS_API_KEYS_FILE", keysFile.toString()));
    server = running.server();
    client = running.client();
    http = running.http();
  }

  @AfterAll
  static void stop() throws Exception {
    running.close();
  }

  static HttpResponse<io.vertx.core.buffer.Buffer> get(String path, String key) throws Exception {
    var request = http.get(path);
    if (key != null) {
      request.bearerTokenAuthentication(key);
    }
    return request.send().await(10, TimeUnit.SECONDS);
  }

  static HttpResponse<io.vertx.core.buffer.Buffer> chat(String key) throws Exception {
    return http.post("/v1/chat/completions").bearerTokenAuthentication(key)
        .sendJsonObject(new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", "What is 2 + 3?")))).await(30, TimeUnit.SECONDS);
  }

  static int upgrade(String key) throws Exception {
    WebSocketClient ws = client.createWebSocketClient();
    try {
      var socket = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
          .setURI("/v1/realtime?model=gpt-realtime&api_key=" + key)).await(10, TimeUnit.SECONDS);
      socket.close().await(5, TimeUnit.SECONDS);
      return 101;
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    } finally {
      ws.close();
    }
  }

  static String code(HttpResponse<io.vertx.core.buffer.Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error").getString("code");
  }

  @Test
  void eachKeyOpensTheRoutesOfItsRightsOnly() throws Exception {
    assertThat(get("/health", null).statusCode()).isEqualTo(200);
    assertThat(upgrade("voice-only-key-1234")).isEqualTo(101);
    assertThat(get("/v1/voices", "voice-only-key-1234").statusCode()).isEqualTo(200);
    var refused = chat("voice-only-key-1234");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(code(refused)).isEqualTo("insufficient_permissions");
    assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("may not use chat").contains("audio, realtime");

    assertThat(get("/v1/models", "chat-only-key-12345").statusCode()).isEqualTo(200);
    assertThat(upgrade("chat-only-key-12345")).as("refused before the upgrade").isEqualTo(403);
    assertThat(get("/v1/podcasts", "chat-only-key-12345").statusCode()).isEqualTo(403);

    assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "chat-only-key-12345").statusCode()).isEqualTo(403);
    var metrics = get("/metrics", "ops-metrics-key-123");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("nexus_");
    assertThat(get("/v1/models", "ops-metrics-key-123").statusCode()).isEqualTo(403);

    assertThat(get("/v1/podcasts", "everything-key-1234").statusCode()).isEqualTo(200);
    assertThat(get("/metrics", "everything-key-1234").statusCode()).isEqualTo(200);
    assertThat(upgrade("everything-key-1234")).isEqualTo(101);
    assertThat(server.vertx().sharedData().getLocalMap("nexus.gateway").get("host")).as("keys: every interface")
        .isEqualTo("0.0.0.0");
  }

  /** Polls until the path answers {@code status} for the key (the file is read again within 200 ms). */
  static void eventually(String path, String key, int status) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int last = -1;
    while (System.nanoTime() < until) {
      last = get(path, key).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(100);
    }
    assertThat(last).as(path + " for " + key).isEqualTo(status);
  }

  @Test
  void keysAreAddedAndRevokedByEditingTheFileAndABrokenEditChangesNothing() throws Exception {
    try {
      assertThat(get("/v1/voices", "a-brand-new-key-999").statusCode()).isEqualTo(401);
      Files.writeString(keysFile, KEYS + "a-brand-new-key-999 audio\n");
      eventually("/v1/voices", "a-brand-new-key-999", 200);

      Files.writeString(keysFile, KEYS.replace("voice-only-key-1234", "# revoked"));
      eventually("/v1/voices", "voice-only-key-1234", 401);
      assertThat(get("/v1/voices", "a-brand-new-key-999").statusCode()).isEqualTo(401);

      // a typo must neither open the server nor lock everyone out: the previous keys stay
      ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(ApiKeys.class);
      ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
          new ch.qos.logback.core.read.ListAppender<>();
      seen.start();
      log.addAppender(seen);
      try {
        Files.writeString(keysFile, KEYS + "short audio\n");
        // the positive event first: the server read the broken edit and refused it
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.list.stream().noneMatch(e -> e.getFormattedMessage().contains("not reloaded, the previous keys stay"))) {
          assertThat(System.nanoTime()).as("the broken edit was read and refused").isLessThan(until);
          Thread.sleep(50);
        }
      } finally {
        log.detachAppender(seen);
      }
      assertThat(get("/v1/voices", "everything-key-1234").statusCode()).isEqualTo(200);
      assertThat(get("/v1/voices", "voice-only-key-1234").statusCode()).isEqualTo(401);
      assertThat(get("/v1/voices", null).statusCode()).isEqualTo(401);
    } finally {
      Files.writeString(keysFile, KEYS);
      eventually("/v1/voices", "voice-only-key-1234", 200);
    }
  }

  @Test
  void aKeysFileIsCheckedLineByLine() {
    var keys = ApiKeys.parse("\n# comment\nlong-enough-key\nsecond-long-key chat,tools ci job\n", "k.txt");
    assertThat(keys).hasSize(2);
    assertThat(keys.get(0).scopes()).containsExactlyInAnyOrderElementsOf(ApiKeys.SCOPES);
    assertThat(keys.get(1).scopes()).containsExactlyInAnyOrder("chat", "tools");
    assertThat(keys.get(1).label()).isEqualTo("ci job");
    assertThatThrownBy(() -> ApiKeys.parse("short\n", "k.txt")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("k.txt line 1").hasMessageContaining("at least 8");
    assertThatThrownBy(() -> ApiKeys.parse("long-enough-key\nlong-enough-key chat\n", "k.txt"))
        .hasMessageContaining("line 2").hasMessageContaining("twice");
    assertThatThrownBy(() -> ApiKeys.parse("long-enough-key admin\n", "k.txt"))
        .hasMessageContaining("unknown right 'admin'");
    assertThatThrownBy(() -> ApiKeys.parse("long-enough-key ,\n", "k.txt")).hasMessageContaining("no rights");
    assertThat(ApiKeys.scopeOf("/v1/chat/completions")).isEqualTo("chat");
    assertThat(ApiKeys.scopeOf("/v1/models")).isEqualTo("chat");
    assertThat(ApiKeys.scopeOf("/v1/audio/transcriptions")).isEqualTo("audio");
    assertThat(ApiKeys.scopeOf("/v1/podcasts/abc/live")).isEqualTo("podcasts");
    assertThat(ApiKeys.scopeOf("/v1/tools")).isEqualTo("tools");
    assertThat(ApiKeys.scopeOf("/mcp")).isEqualTo("tools");
    assertThat(ApiKeys.scopeOf("/v1/documents")).isEqualTo("documents");
    assertThat(ApiKeys.scopeOf("/v1/nothing")).isNull();
    assertThat(ApiKeys.scopeOf("/metrics")).isEqualTo("metrics");
  }

  @Test
  void aMissingKeysFileStopsTheStartWithItsName() throws Exception {
    var env = TestSupport.environment(Map.of("NEXUS_API_KEYS_FILE", "/nonexistent/nexus-keys.txt"));
    assertThatThrownBy(() -> new NexusServer(env, null, null).start().await(60, TimeUnit.SECONDS))
        .hasMessageContaining("/nonexistent/nexus-keys.txt");
  }
}
