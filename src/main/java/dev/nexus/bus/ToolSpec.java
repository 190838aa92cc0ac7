package dev.nexus.bus;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a tool announces about itself: its name, what it does, and the JSON schema of its arguments.
 *
 * @param node the cluster node (or "local") that hosts it, for the registry's bookkeeping
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters, String node) {
  /** What a function's name may be, as OpenAI's APIs have it. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** What a registry tool's name may be: function names joined by dots ({@code <server>.<tool>}), at most 128. */
  private static final Pattern TOOL_NAME =
      Pattern.compile("(?=.{1,128}$)[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

  /** Whether {@code name} can name a function: letters, digits, _ or -, at most 64. */
  public static boolean validName(Object name) {
    return name instanceof String s && NAME.matcher(s).matches();
  }

  /**
   * Whether {@code name} can name a tool of the registry, whatever hosts it: function names joined by single dots
   * (an MCP tool is {@code <server>.<tool>}, a bridge plugin may namespace its tools the same way), at most 128
   * characters, as MCP allows. The one rule the bridge, the MCP sources and the registry apply.
   */
  public static boolean validToolName(Object name) {
    return name instanceof String s && TOOL_NAME.matcher(s).matches();
  }

  /**
   * A function the client runs, as a request declares it (Chat Completions and Realtime alike).
   *
   * @param description what it does (a string), or null
   * @param parameters its JSON schema, or null for any object
   * @throws IllegalArgumentException naming the field, when the description is not a string or the schema not a
   *     JSON object
   */
  public static ToolSpec clientFunction(String name, Object description, Object parameters) {
    if (description != null && !(description instanceof String)) {
      throw new IllegalArgumentException("description must be a string");
    }
    if (parameters != null && !(parameters instanceof JsonObject)) {
      throw new IllegalArgumentException("parameters must be a JSON schema object");
    }
    Map<String, Object> schema = parameters == null ? Map.of("type", "object")
        : ((JsonObject) parameters).getMap();
    return new ToolSpec(name, description == null ? "" : (String) description, schema, "client");
  }
}
