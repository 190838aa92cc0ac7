package dev.nexus.gateway.mcp;

import dev.nexus.gateway.base.BusErrors;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * What every tool behind {@code /mcp} shares: its MCP specification built from a name, a description and a JSON
 * schema; its work run on the gateway's Vert.x context (bus calls, stage streams) and handed back to the SDK as a
 * {@link Mono}; and its failures as tool results with {@code isError} (the MCP way: the model reads them).
 */
final class McpCalls {
  /** A tool's work: its arguments and the exchange (for progress) in, a result out. */
  interface Work extends BiFunction<McpAsyncServerExchange, McpSchema.CallToolRequest,
      Future<McpSchema.CallToolResult>> {
  }

  /** A request's mistake: the field and what is wrong, told to the client as an error result. */
  static final class BadArgument extends RuntimeException {
    BadArgument(String field, String problem) {
      super("'" + field + "' " + problem);
    }
  }

  private McpCalls() {
  }

  /** The tool's specification, its calls run on {@code context}. */
  static McpServerFeatures.AsyncToolSpecification tool(Context context, String name, String description,
      Map<String, Object> schema, Work work) {
    McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description).inputSchema(schema).build();
    return McpServerFeatures.AsyncToolSpecification.builder().tool(tool)
        .callHandler((exchange, request) -> onContext(context, () -> attempt(work, exchange, request)
            .recover(err -> Future.succeededFuture(error(err instanceof BadArgument ? err.getMessage()
                : BusErrors.message(err, name))))))
        .build();
  }

  private static Future<McpSchema.CallToolResult> attempt(Work work, McpAsyncServerExchange exchange,
      McpSchema.CallToolRequest request) {
    try {
      return work.apply(exchange, request);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Runs {@code work} on {@code context}; its future's outcome becomes the Mono's. */
  static <T> Mono<T> onContext(Context context, Supplier<Future<T>> work) {
    return Mono.defer(() -> {
      Promise<T> done = Promise.promise();
      context.runOnContext(v -> {
        try {
          work.get().onComplete(done);
        } catch (RuntimeException e) {
          done.tryFail(e);
        }
      });
      return Mono.fromCompletionStage(done.future().toCompletionStage());
    });
  }

  /** A text result. */
  static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).isError(false).build();
  }

  /** An error result: the tool ran and failed, or the arguments are wrong. */
  static McpSchema.CallToolResult error(String message) {
    return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
  }

  /** The call's arguments as JSON (never null). */
  static JsonObject arguments(McpSchema.CallToolRequest request) {
    return request.arguments() == null ? new JsonObject() : new JsonObject(request.arguments());
  }

  /** A JSON object as plain maps and lists, as the SDK's mapper writes them (a Vert.x JsonArray is no list). */
  static Map<String, Object> plain(JsonObject json) {
    try {
      return McpJsonDefaults.getMapper().readValue(json.encode(), new TypeRef<Map<String, Object>>() { });
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A required non-blank string argument. */
  static String string(JsonObject arguments, String field) {
    Object value = arguments.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new BadArgument(field, "must be a non-empty string");
    }
    return s;
  }

  /** An optional string argument, or null. */
  static String optionalString(JsonObject arguments, String field) {
    Object value = arguments.getValue(field);
    if (value != null && !(value instanceof String)) {
      throw new BadArgument(field, "must be a string");
    }
    return (String) value;
  }

  /** An optional integer argument within bounds. */
  static int integer(JsonObject arguments, String field, int fallback, int min, int max) {
    Object value = arguments.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < min
        || n.intValue() > max) {
      throw new BadArgument(field, "must be an integer from " + min + " to " + max);
    }
    return n.intValue();
  }

  /** A JSON schema of an object with these properties, the first {@code required} of them required. */
  static Map<String, Object> schema(Map<String, Object> properties, List<String> required) {
    return Map.of("type", "object", "properties", properties, "required", required);
  }

  /** A property's schema: its type and description. */
  static Map<String, Object> property(String type, String description) {
    return Map.of("type", type, "description", description);
  }
}
