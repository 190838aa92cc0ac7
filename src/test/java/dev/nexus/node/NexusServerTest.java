package dev.nexus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.RunningServerTest;
import dev.nexus.TestSupport;
import dev.nexus.config.ConfigException;
import dev.nexus.gateway.GatewayVerticle;
import dev.nexus.tools.registry.ToolsVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole node, started as `serve` starts it, talked to over real HTTP. */
class NexusServerTest extends RunningServerTest {

  static HttpResponse<Buffer> get(String path) throws Exception {
    return http.get(path).send().await(20, TimeUnit.SECONDS);
  }

  @Test
  void healthIsUpWithEveryVerticleOnceDeployed() throws Exception {
    HttpResponse<Buffer> response = get("/health");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getJsonObject("verticles").fieldNames())
        .containsExactlyInAnyOrder("gateway", "tools", "reasoning", "speech", "synthesis", "podcast");
    for (String name : body.getJsonObject("verticles").fieldNames()) {
      assertThat(body.getJsonObject("verticles").getJsonObject(name).getString("status")).isEqualTo("UP");
    }
  }

  @Test
  void metricsArePrometheusTextWithVertxMetrics() throws Exception {
    get("/health");
    HttpResponse<Buffer> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    String text = response.bodyAsString();
    assertThat(text).contains("vertx_http_server_requests_total").contains("vertx_eventbus_")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void unknownRoutesAreJson404s() throws Exception {
    HttpResponse<Buffer> response = http.request(HttpMethod.DELETE, "/no/such/thing").send()
        .await(20, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("not_found");
    assertThat(error.getString("message")).isEqualTo("Unknown route: DELETE /no/such/thing");
  }

  @Test
  void theDemoPageIsServed() throws Exception {
    HttpResponse<Buffer> response = get("/");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).contains("<title>Nexus");
  }

  @Test
  void aDisabledCapabilityIsNotDeployedNorAwaited(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("podcast.yaml"), "enabled: false\n");
    NexusServer other = TestSupport.startServer(dir);
    try {
      WebClient web = WebClient.create(client);
      JsonObject body = web.get(other.port(), "localhost", "/health").send().await(20, TimeUnit.SECONDS)
          .bodyAsJsonObject();
      assertThat(body.getString("status")).isEqualTo("UP");
      assertThat(body.getJsonObject("verticles").fieldNames()).doesNotContain("podcast");
    } finally {
      other.stop().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBadConfigFileStopsStartUpNamingFileAndKey(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("synthesis.yaml"), "instances: 0\n");
    assertThatThrownBy(() -> TestSupport.startServer(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(dir.resolve("synthesis.yaml") + ": key 'instances' must be an integer from 1 to 256 (got 0)");
  }

  @Test
  void healthIs503UntilEveryCapabilityAnswers() throws Exception {
    Vertx vertx = NexusServer.createVertx("health-test");
    try {
      JsonObject config = new JsonObject().put("http", new JsonObject().put("port", 0))
          .put("capabilities", new JsonArray().add("tools")).put("health-timeout-ms", 200);
      vertx.deployVerticle(GatewayVerticle::new, new DeploymentOptions().setConfig(config))
          .await(20, TimeUnit.SECONDS);
      int port = (Integer) vertx.sharedData().getLocalMap(GatewayVerticle.INFO_MAP).get("port");
      WebClient web = WebClient.create(client);
      HttpResponse<Buffer> before = web.get(port, "localhost", "/health").send().await(20, TimeUnit.SECONDS);
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(before.bodyAsJsonObject().getJsonObject("verticles").getJsonObject("tools")
          .getString("status")).isEqualTo("DOWN");
      assertThat(web.get(port, "localhost", "/metrics").send().await(20, TimeUnit.SECONDS).statusCode())
          .isEqualTo(404);

      vertx.deployVerticle(ToolsVerticle::new, new DeploymentOptions()
          .setConfig(new JsonObject())).await(20, TimeUnit.SECONDS);
      HttpResponse<Buffer> after = web.get(port, "localhost", "/health").send().await(20, TimeUnit.SECONDS);
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.bodyAsJsonObject().getJsonObject("verticles").getJsonObject("tools")
          .getString("engine")).isEqualTo("builtin");
    } finally {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }
}
