package dev.nexus.tools.builtin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

/**
 * The web_search tool, backed by a SearXNG-compatible JSON search API ({@code GET
 * <base>/search?q=...&format=json}). With no backend configured it says so, rather than inventing
 * results.
 */
public final class WebSearchTool extends SearchTool {
  private final WebClient client;
  private final String baseUrl;
  private final int timeoutMs;

  /** @param baseUrl the search service, or null when none is configured */
  public WebSearchTool(WebClient client, String baseUrl, int timeoutMs) {
    super("web_search", "Searches the web through the configured SearXNG-compatible service.", "results", 5, 10);
    this.client = client;
    this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
    this.timeoutMs = timeoutMs;
  }

  @Override
  protected Future<String> search(String text, int k) {
    if (baseUrl == null) {
      return Future.failedFuture("web search is not configured on this server "
          + "(set web-search.base-url in verticles-config/tools.yaml to a SearXNG instance)");
    }
    return client.getAbs(baseUrl + "/search").addQueryParam("q", text).addQueryParam("format", "json")
        .timeout(timeoutMs).send()
        .compose(response -> {
          if (response.statusCode() != 200) {
            return Future.failedFuture("the search service answered HTTP " + response.statusCode());
          }
          JsonObject body;
          try {
            body = response.bodyAsJsonObject();
          } catch (RuntimeException e) {
            return Future.failedFuture("the search service did not answer JSON");
          }
          JsonArray in = body == null ? null : body.getJsonArray("results");
          if (in == null) {
            return Future.failedFuture("the search service's answer has no results list");
          }
          JsonArray out = new JsonArray();
          for (int i = 0; i < in.size() && out.size() < k; i++) {
            JsonObject r = in.getJsonObject(i);
            out.add(new JsonObject().put("title", r.getString("title", "")).put("url", r.getString("url", ""))
                .put("snippet", r.getString("content", "")));
          }
          return Future.succeededFuture(new JsonObject().put("results", out).encode());
        });
  }
}
