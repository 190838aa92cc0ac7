package dev.nexus.tools.builtin;

import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolSpec;
import dev.nexus.tools.Tool;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A search tool: it takes a non-empty {@code query} and a result count {@code k} (1 to a maximum, with a default),
 * checks them, and answers with the JSON of its {@link #search} results.
 */
abstract class SearchTool implements Tool {
  static final String MISSING_QUERY = "'query' must be a non-empty string";

  private final ToolSpec spec;
  private final int defaultK;
  private final int maxK;

  /** @param results what the results are called in the schema ("passages", "results") */
  SearchTool(String name, String description, String results, int defaultK, int maxK) {
    this.spec = new ToolSpec(name, description, schema(results, defaultK, maxK), null);
    this.defaultK = defaultK;
    this.maxK = maxK;
  }

  /** Runs the search for a checked query and count. */
  protected abstract Future<String> search(String query, int k);

  @Override
  public final ToolSpec spec() {
    return spec;
  }

  @Override
  public final Future<String> call(JsonObject arguments, RequestContext context) {
    Object query = arguments.getValue("query");
    if (!(query instanceof String text) || text.isBlank()) {
      return Future.failedFuture(MISSING_QUERY);
    }
    Object k = arguments.getValue("k");
    int count = k instanceof Number n ? n.intValue() : defaultK;
    return search(text, Math.max(1, Math.min(maxK, count)));
  }

  /** The JSON schema of the arguments, as the tool announces it. */
  private static Map<String, Object> schema(String results, int defaultK, int maxK) {
    return Map.of("type", "object",
        "properties", Map.of(
            "query", Map.of("type", "string"),
            "k", Map.of("type", "integer", "description",
                "how many " + results + ", 1 to " + maxK + " (default " + defaultK + ")")),
        "required", List.of("query"));
  }
}
