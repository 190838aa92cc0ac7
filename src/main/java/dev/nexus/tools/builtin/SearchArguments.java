package dev.nexus.tools.builtin;

import io.vertx.core.json.JsonObject;

/** The arguments both search tools take: a non-empty {@code query} and a result count {@code k}. */
record SearchArguments(String query, int k) {
  /** Reads and checks the arguments; null when the query is missing or empty. */
  static SearchArguments of(JsonObject arguments, int defaultK, int maxK) {
    Object query = arguments.getValue("query");
    if (!(query instanceof String text) || text.isBlank()) {
      return null;
    }
    Object k = arguments.getValue("k");
    int count = k instanceof Number n ? n.intValue() : defaultK;
    return new SearchArguments(text, Math.max(1, Math.min(maxK, count)));
  }

  static final String MISSING_QUERY = "'query' must be a non-empty string";

  /** The JSON schema of these arguments, as the tool announces it. */
  static java.util.Map<String, Object> schema(String results, int defaultK, int maxK) {
    return java.util.Map.of("type", "object",
        "properties", java.util.Map.of(
            "query", java.util.Map.of("type", "string"),
            "k", java.util.Map.of("type", "integer", "description",
                "how many " + results + ", 1 to " + maxK + " (default " + defaultK + ")")),
        "required", java.util.List.of("query"));
  }
}
