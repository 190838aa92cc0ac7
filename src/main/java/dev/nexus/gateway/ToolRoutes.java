package dev.nexus.gateway;

import dev.nexus.gateway.base.ApiError;
import dev.nexus.gateway.base.BusErrors;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Tool routes: {@code GET /v1/tools} lists the live tools, {@code POST /v1/tools/{name}} calls one with
 * a JSON arguments body, and {@code POST /v1/documents} ingests a document for document_search.
 */
record ToolRoutes(Vertx vertx, long timeoutMs, int maxDocumentChars) {
  void mount(Router router) {
    router.get("/v1/tools").handler(ctx -> vertx.eventBus().<JsonObject>request(Addresses.TOOLS_LIST, "list")
        .onSuccess(reply -> json(ctx, 200, reply.body()))
        .onFailure(err -> BusErrors.reply(ctx, err, "tools")));
    router.post("/v1/tools/:name").handler(this::invoke);
    router.post("/v1/documents").handler(this::addDocument);
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  private void invoke(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String arguments;
    try {
      String text = ctx.body().asString();
      arguments = text == null || text.isBlank() ? "{}" : new JsonObject(text).encode();
    } catch (RuntimeException e) {
      ApiError.badRequest(ctx, null, "The body must be a JSON object of the tool's arguments");
      return;
    }
    vertx.eventBus().<ToolResult>request(Addresses.tool(name),
            new ToolInvocation(RequestContext.newRequest("http"), name, arguments),
            new DeliveryOptions().setSendTimeout(timeoutMs))
        .onSuccess(reply -> json(ctx, reply.body().error() ? 422 : 200, new JsonObject().put("name", name)
            .put("content", reply.body().content()).put("error", reply.body().error())))
        .onFailure(err -> {
          if (err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
            ApiError.send(ctx, 404, "invalid_request_error", "tool_not_found", "name", "No tool named '" + name
                + "' is registered; GET /v1/tools lists them");
          } else {
            BusErrors.reply(ctx, err, "tools");
          }
        });
  }

  private void addDocument(RoutingContext ctx) {
    String text;
    JsonObject doc;
    try {
      JsonBody body = JsonBody.of(ctx);
      text = body.string("text", null, true);
      doc = new JsonObject().put("text", text).put("title", body.string("title", "untitled", false))
          .put("id", body.string("id", null, false));
    } catch (JsonBody.BadField e) {
      ApiError.badRequest(ctx, e.param, e.getMessage());
      return;
    }
    if (text.isBlank() || text.length() > maxDocumentChars) {
      ApiError.badRequest(ctx, "text", "'text' must be 1 to " + maxDocumentChars + " characters");
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.DOCUMENTS_ADD, doc, new DeliveryOptions().setSendTimeout(120_000))
        .onSuccess(reply -> json(ctx, 201, reply.body()))
        .onFailure(err -> BusErrors.reply(ctx, err, "tools"));
  }
}
