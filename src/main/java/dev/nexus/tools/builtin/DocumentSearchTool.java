package dev.nexus.tools.builtin;

import dev.nexus.knowledge.PassageIndex;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The document_search tool: embedding search over the documents ingested with POST /v1/documents. */
public final class DocumentSearchTool extends SearchTool {
  private final Vertx vertx;
  private final PassageIndex index;

  public DocumentSearchTool(Vertx vertx, PassageIndex index) {
    super("document_search", "Searches the ingested documents by meaning and returns the best passages.", "passages",
        3, 20);
    this.vertx = vertx;
    this.index = index;
  }

  @Override
  protected Future<String> search(String text, int k) {
    return vertx.executeBlocking(() -> {
      JsonArray results = new JsonArray();
      for (PassageIndex.Hit hit : index.search(text, k, 0.2)) {
        results.add(new JsonObject().put("title", hit.passage().title()).put("source", hit.passage().source())
            .put("text", hit.passage().text()).put("score", Math.round(hit.score() * 1000) / 1000.0));
      }
      return new JsonObject().put("results", results).encode();
    }, false);
  }
}
