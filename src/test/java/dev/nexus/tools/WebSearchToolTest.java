package dev.nexus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.RequestContext;
import dev.nexus.tools.builtin.WebSearchTool;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * web_search against a loopback service answering SearXNG's JSON search API: Debian's searx
 * package could run here, but with no internet it would only ever return empty result lists. This
 * checks the request the tool sends and its handling of answers and failures.
 */
class WebSearchToolTest {
  static Vertx vertx;
  static HttpServer searx;
  static volatile String lastQuery;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    searx = vertx.createHttpServer().requestHandler(req -> {
      lastQuery = req.getParam("q");
      switch (req.getParam("q")) {
        case "broken" -> req.response().setStatusCode(502).end();
        case "html" -> req.response().end("<html>not json</html>");
        case "odd" -> req.response().end("{\"answers\":[]}");
        default -> {
          if (!"json".equals(req.getParam("format")) || !req.path().equals("/search")) {
            req.response().setStatusCode(400).end();
            return;
          }
          JsonArray results = new JsonArray();
          for (int i = 1; i <= 7; i++) {
            results.add(new JsonObject().put("title", "Result " + i).put("url", "https://example.org/" + i)
                .put("content", "About " + req.getParam("q") + " #" + i));
          }
          req.response().putHeader("content-type", "application/json").end(new JsonObject().put("results", results).encode());
        }
      }
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  WebSearchTool tool() {
    return new WebSearchTool(WebClient.create(vertx), "http://127.0.0.1:" + searx.actualPort() + "/", 5000);
  }

  @Test
  void returnsTheTopResultsOfTheService() throws Exception {
    String out = tool().call(new JsonObject().put("query", "vert.x event bus").put("k", 3), RequestContext.newRequest("t"))
        .await(10, TimeUnit.SECONDS);
    JsonArray results = new JsonObject(out).getJsonArray("results");
    assertThat(lastQuery).isEqualTo("vert.x event bus");
    assertThat(results).hasSize(3);
    assertThat(results.getJsonObject(0).getString("snippet")).isEqualTo("About vert.x event bus #1");
    assertThat(results.getJsonObject(2).getString("url")).isEqualTo("https://example.org/3");
  }

  @Test
  void failuresOfTheServiceAreReportedPlainly() {
    for (String[] c : new String[][] {{"broken", "HTTP 502"}, {"html", "did not answer JSON"}, {"odd", "no results list"}}) {
      Throwable err = tool().call(new JsonObject().put("query", c[0]), RequestContext.newRequest("t"))
          .toCompletionStage().toCompletableFuture().handle((r, e) -> e).join();
      assertThat(err).as(c[0]).hasMessageContaining(c[1]);
    }
    WebSearchTool nowhere = new WebSearchTool(WebClient.create(vertx), "http://127.0.0.1:1", 2000);
    assertThat(nowhere.call(new JsonObject().put("query", "x"), RequestContext.newRequest("t")).toCompletionStage()
        .toCompletableFuture().handle((r, e) -> e).join()).isNotNull();
  }
}
