package dev.nexus.tools.builtin;

import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolSpec;
import dev.nexus.knowledge.PassageIndex;
import dev.nexus.tools.Tool;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The document_search tool: embedding search over the documents ingested with POST /v1/documents. */
public final class DocumentSearchTool implements Tool {
  private final Vertx vertx;
  private final PassageIndex index;

  public DocumentSearchTool(Vertx vertx, PassageIndex index) {
    this.vertx = vertx;
    this.index = index;
  }

  @Override
  public ToolSpec spec() {
    return new ToolSpec("document_search", "Searches the ingested documents by meaning and returns the best passages.",
        SearchArguments.schema("passages", 3, 20), null);
  }

  @Override
  public Future<String> call(JsonObject arguments, RequestContext context) {
    SearchArguments search = SearchArguments.of(arguments, 3, 20);
    if (search == null) {
      return Future.failedFuture(SearchArguments.MISSING_QUERY);
    }
    String text = search.query();
    return vertx.executeBlocking(() -> {
      JsonArray results = new JsonArray();
      for (PassageIndex.Hit hit : index.search(text, search.k(), 0.2)) {
        results.add(new JsonObject().put("title", hit.passage().title()).put("source", hit.passage().source())
            .put("text", hit.passage().text()).put("score", Math.round(hit.score() * 1000) / 1000.0));
      }
      return new JsonObject().put("results", results).encode();
    }, false);
  }
}
