package dev.nexus.tools.mcp;

import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolSpec;
import dev.nexus.tools.Tool;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/** One tool of an MCP server, registered as {@code <server>.<tool>} with the server's JSON schema. */
record McpTool(McpAsyncClient client, Context context, String server, McpSchema.Tool tool, Duration timeout)
    implements Tool {
  @Override
  public ToolSpec spec() {
    Map<String, Object> schema = tool.inputSchema() == null ? Map.of("type", "object") : tool.inputSchema();
    String description = tool.description() != null ? tool.description() : tool.title() != null ? tool.title() : "";
    return new ToolSpec(server + "." + tool.name(), description, schema, null);
  }

  @Override
  public Future<String> call(JsonObject arguments, RequestContext context) {
    var request = new McpSchema.CallToolRequest(tool.name(), arguments.getMap());
    return McpSource.await(client.callTool(request).timeout(timeout), this.context)
        .recover(err -> Future.failedFuture(McpSource.cause(err) instanceof TimeoutException
            ? "the MCP server '" + server + "' gave no answer within " + timeout.toMillis() + " ms"
            : "the MCP server '" + server + "' failed: " + McpSource.describe(err)))
        .compose(result -> {
          String text = text(result);
          return Boolean.TRUE.equals(result.isError()) ? Future.failedFuture(text) : Future.succeededFuture(text);
        });
  }

  /** The result as text for a model: text blocks as they are, anything else (images, resources) as JSON. */
  static String text(McpSchema.CallToolResult result) {
    List<String> parts = new ArrayList<>();
    for (McpSchema.Content content : result.content()) { // never null: the SDK's result refuses a null content
      parts.add(content instanceof McpSchema.TextContent text ? text.text() : json(content));
    }
    if (parts.isEmpty() && result.structuredContent() != null) {
      parts.add(json(result.structuredContent()));
    }
    return String.join("\n", parts);
  }

  private static String json(Object value) {
    try {
      return McpJsonDefaults.getMapper().writeValueAsString(value);
    } catch (IOException e) {
      return String.valueOf(value);
    }
  }
}
