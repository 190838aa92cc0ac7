package dev.nexus.gateway.base;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** OpenAI-style error bodies: {@code {"error":{"message","type","param","code"}}}. */
public final class ApiError {
  private ApiError() {
  }

  /** The error JSON as OpenAI clients expect it. */
  public static JsonObject body(String type, String code, String param, String message) {
    return new JsonObject().put("error", new JsonObject().put("message", message).put("type", type)
        .put("param", param).put("code", code));
  }

  /** Ends the request with an error status and body, if nothing was sent yet. */
  public static void send(RoutingContext ctx, int status, String type, String code, String param,
      String message) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end(body(type, code, param, message).encode());
  }

  /** A 400 for a request the client must fix. */
  public static void badRequest(RoutingContext ctx, String param, String message) {
    send(ctx, 400, "invalid_request_error", "invalid_value", param, message);
  }
}
