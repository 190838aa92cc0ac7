package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key check in front of a router of its own (every route answers "ok"), over real HTTP: where a key may be
 * presented, the 401, 403 and 429 answers, and the keys file read, re-read and kept when it breaks.
 */
class ApiKeysRequestTest {
  private Vertx vertx;
  private HttpServer server;
  private WebClient http;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    http = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private void serve(ApiKeys keys) throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(keys);
    router.route().handler(ctx -> ctx.response().end("ok"));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String path, UnaryOperator<HttpRequest<Buffer>> with) throws Exception {
    return with.apply(http.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)).send()
        .await(10, TimeUnit.SECONDS);
  }

  private static JsonObject error(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonObject("error");
  }

  private static void assertError(HttpResponse<Buffer> response, int status, String type, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(error(response).getString("type")).isEqualTo(type);
    assertThat(error(response).getString("code")).isEqualTo(code);
  }

  @Test
  void withoutKeysEveryRequestPasses() throws Exception {
    serve(new ApiKeys(List.of()));
    assertThat(get("/v1/chat/completions", r -> r).bodyAsString()).isEqualTo("ok");
  }

  @Test
  void aKeyMayComeAsBearerQueryParameterOrWebSocketSubprotocol() throws Exception {
    serve(new ApiKeys(List.of("env-key-12345")));
    assertThat(get("/v1/models", r -> r.putHeader("Authorization", "Bearer env-key-12345")).statusCode())
        .isEqualTo(200);
    assertThat(get("/v1/models", r -> r.putHeader("Authorization", "bearer   env-key-12345  ")).statusCode())
        .as("the scheme in any case, the key trimmed").isEqualTo(200);
    assertThat(get("/v1/models?api_key=env-key-12345", r -> r).statusCode()).isEqualTo(200);
    assertThat(get("/v1/realtime", r -> r.putHeader("Sec-WebSocket-Protocol",
        "realtime, openai-insecure-api-key.env-key-12345")).statusCode()).isEqualTo(200);
  }

  @Test
  void noKeyIsA401NamingTheWaysToSendOneAndAWrongKeyIsA401OfItsOwn() throws Exception {
    serve(new ApiKeys(List.of("env-key-12345")));
    HttpResponse<Buffer> missing = get("/v1/models", r -> r);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(error(missing).getString("code")).isEqualTo("missing_api_key");
    assertThat(error(missing).getString("message")).contains("Authorization: Bearer KEY").contains("?api_key=KEY")
        .contains("openai-insecure-api-key.KEY");
    assertThat(get("/v1/models", r -> r.putHeader("Authorization", "Basic abc")).statusCode())
        .as("not a bearer token: no key").isEqualTo(401);
    assertThat(error(get("/v1/models?api_key=", r -> r)).getString("code")).isEqualTo("missing_api_key");
    assertThat(error(get("/v1/realtime", r -> r.putHeader("Sec-WebSocket-Protocol", "realtime")))
        .getString("code")).isEqualTo("missing_api_key");

    HttpResponse<Buffer> wrong = get("/v1/models", r -> r.putHeader("Authorization", "Bearer env-key-12346"));
    assertError(wrong, 401, "invalid_request_error", "invalid_api_key");
    assertThat(get("/v1/models", r -> r.putHeader("Authorization", "Bearer env-key-1234")).statusCode())
        .as("a prefix of a key is not the key").isEqualTo(401);
  }

  @Test
  void aKeyWithoutTheRightOfAPathIsA403ListingItsRights(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("keys.txt"), "voice-key-1234 realtime,audio phone\n");
    serve(ApiKeys.load(vertx, List.of(), file.toString(), 0).await(10, TimeUnit.SECONDS));
    HttpResponse<Buffer> refused = get("/v1/chat/completions", r -> r.putHeader("Authorization", "Bearer voice-key-1234"));
    assertError(refused, 403, "permission_error", "insufficient_permissions");
    assertThat(error(refused).getString("message"))
        .isEqualTo("This API key may not use chat (its rights: audio, realtime)");
    assertThat(get("/v1/audio/speech", r -> r.putHeader("Authorization", "Bearer voice-key-1234")).statusCode())
        .isEqualTo(200);
    assertThat(get("/health", r -> r.putHeader("Authorization", "Bearer voice-key-1234")).statusCode())
        .as("a path no right covers needs only a valid key").isEqualTo(200);
  }

  @Test
  void aKeyPastItsRatePerMinuteGets429WithRetryAfter() throws Exception {
    serve(new ApiKeys(List.of("env-key-12345", "other-key-12345"), null, List.of(), 3));
    for (int i = 0; i < 3; i++) {
      assertThat(get("/v1/models", r -> r.putHeader("Authorization", "Bearer env-key-12345")).statusCode())
          .as("request %d", i + 1).isEqualTo(200);
    }
    HttpResponse<Buffer> limited = get("/v1/models", r -> r.putHeader("Authorization", "Bearer env-key-12345"));
    assertError(limited, 429, "rate_limit_error", "rate_limit_exceeded");
    assertThat(limited.getHeader("retry-after")).isEqualTo("20");
    assertThat(error(limited).getString("message")).contains("more than 3 requests in a minute");
    assertThat(get("/v1/models", r -> r.putHeader("Authorization", "Bearer other-key-12345")).statusCode())
        .as("each key has its own bucket").isEqualTo(200);
  }

  @Test
  void theKeysFileIsReadAgainWhenItChangesAndABrokenFileKeepsThePreviousKeys(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("keys.txt"), "first-key-1234\n");
    ApiKeys keys = ApiKeys.load(vertx, List.of("env-key-12345"), file.toString(), 0).await(10, TimeUnit.SECONDS);
    assertThat(keys.find("first-key-1234")).isNotNull();
    assertThat(keys.find("env-key-12345").label()).isEqualTo("NEXUS_API_KEYS #1");
    assertThat(keys.find("second-key-1234")).isNull();

    Files.writeString(file, "second-key-1234 chat\n# the first key revoked\n");
    keys.reload(vertx).await(10, TimeUnit.SECONDS);
    assertThat(keys.find("first-key-1234")).isNull();
    assertThat(keys.find("second-key-1234").scopes()).containsExactly("chat");
    assertThat(keys.find("env-key-12345")).as("the environment's keys stay").isNotNull();

    Files.writeString(file, "short\n");
    keys.reload(vertx).await(10, TimeUnit.SECONDS);
    assertThat(keys.find("second-key-1234")).as("a broken file leaves the keys as they were").isNotNull();
    Files.delete(file);
    keys.reload(vertx).await(10, TimeUnit.SECONDS);
    assertThat(keys.find("second-key-1234")).as("so does a file that is gone").isNotNull();
  }

  @Test
  void aBadOrMissingKeysFileFailsTheStartNamingTheFile(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.txt"), "tiny\n");
    assertThatThrownBy(() -> ApiKeys.load(vertx, List.of(), bad.toString(), 0).await(10, TimeUnit.SECONDS))
        .isInstanceOf(ConfigException.class).hasMessageContaining("bad.txt line 1");
    String missing = dir.resolve("missing.txt").toString();
    assertThatThrownBy(() -> ApiKeys.load(vertx, List.of(), missing, 0).await(10, TimeUnit.SECONDS))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("API keys file " + missing + " cannot be read");
    assertThat(ApiKeys.load(vertx, List.of(), " ", 0).await(10, TimeUnit.SECONDS).enabled())
        .as("a blank file name is no file").isFalse();
  }
}
