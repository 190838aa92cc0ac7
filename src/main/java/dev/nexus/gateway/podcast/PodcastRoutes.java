package dev.nexus.gateway.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.PodcastOrder;
import dev.nexus.bus.ScriptEdits;
import dev.nexus.gateway.base.ApiError;
import dev.nexus.gateway.base.BusErrors;
import dev.nexus.gateway.base.SessionLimit;
import dev.nexus.metrics.LatencyLedger;
import dev.nexus.podcast.PodcastScript;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * Podcasts over HTTP: {@code POST /v1/podcasts} makes an episode (202 with its id), {@code GET
 * /v1/podcasts[/{id}[/audio|/transcript]]} reads them, {@code PATCH /v1/podcasts/{id}/script} edits a ready one's
 * script, and {@code /v1/podcasts/{id}/live} (or
 * {@code /v1/podcasts/live?topic=...}) is the live, interruptible session on a WebSocket.
 */
public final class PodcastRoutes {
  private final Vertx vertx;
  private final PodcastLiveSession.Options live;
  private final LatencyLedger ledger;

  /** @param ledger where interrupt-to-answer latencies go; may be null */
  public PodcastRoutes(Vertx vertx, int sendAheadMs, int chunkMs, LatencyLedger ledger) {
    this.vertx = vertx;
    this.live = new PodcastLiveSession.Options(sendAheadMs, chunkMs);
    this.ledger = ledger;
  }

  /** The WebSocket routes: mount them before any body handler. */
  public void mountLive(Router router) {
    router.get("/v1/podcasts/live").handler(ctx -> upgrade(ctx, null));
    router.get("/v1/podcasts/:id/live").handler(ctx -> upgrade(ctx, ctx.pathParam("id")));
  }

  public void mount(Router router) {
    new SessionRoutes(vertx).mount(router);
    router.post("/v1/podcasts").handler(this::create);
    router.get("/v1/podcasts").handler(ctx -> vertx.eventBus().<JsonArray>request(Addresses.PODCAST_LIST, "list")
        .onSuccess(reply -> json(ctx, 200, new JsonObject().put("object", "list").put("data", reply.body())))
        .onFailure(err -> fail(ctx, err)));
    router.get("/v1/podcasts/:id").handler(ctx -> vertx.eventBus()
        .<JsonObject>request(Addresses.PODCAST_GET, new JsonObject().put("id", ctx.pathParam("id")))
        .onSuccess(reply -> json(ctx, 200, reply.body())).onFailure(err -> fail(ctx, err)));
    router.get("/v1/podcasts/:id/audio").handler(ctx -> vertx.eventBus()
        .<Buffer>request(Addresses.PODCAST_AUDIO, new JsonObject().put("id", ctx.pathParam("id")),
            new DeliveryOptions().setSendTimeout(60_000))
        .onSuccess(reply -> ctx.response().putHeader("content-type", "audio/wav")
            .putHeader("content-disposition", "inline; filename=\"" + ctx.pathParam("id") + ".wav\"").end(reply.body()))
        .onFailure(err -> fail(ctx, err)));
    router.get("/v1/podcasts/:id/transcript").handler(ctx -> vertx.eventBus()
        .<JsonObject>request(Addresses.PODCAST_GET, new JsonObject().put("id", ctx.pathParam("id")))
        .onSuccess(reply -> {
          JsonObject script = reply.body().getJsonObject("script");
          if (script == null || !"ready".equals(reply.body().getString("status"))) {
            ApiError.send(ctx, 409, "invalid_request_error", "not_ready", null,
                "The podcast is " + reply.body().getString("status") + "; its transcript comes when it is ready");
            return;
          }
          ctx.response().putHeader("content-type", "text/plain; charset=utf-8")
              .end(PodcastScript.fromJson(script.encode()).transcript());
        })
        .onFailure(err -> fail(ctx, err)));
    router.patch("/v1/podcasts/:id/script").handler(this::edit);
  }

  /**
   * The request body read as JSON by {@code reader} into a typed request, or null after answering 400 (the body is
   * not a JSON object, or the field the reader names is wrong).
   */
  private static <T> T read(RoutingContext ctx, Function<JsonObject, T> reader) {
    JsonObject body = body(ctx);
    if (body == null) {
      return null;
    }
    try {
      return reader.apply(body);
    } catch (PodcastRequests.BadField e) {
      ApiError.badRequest(ctx, e.param, e.getMessage());
      return null;
    }
  }

  /** The request body as a JSON object, or null after answering 400. */
  private static JsonObject body(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      ApiError.badRequest(ctx, null, "The request body is not valid JSON: " + e.getMessage());
      return null;
    }
    if (body == null) {
      ApiError.badRequest(ctx, null, "The request body must be a JSON object");
    }
    return body;
  }

  private void create(RoutingContext ctx) {
    PodcastOrder order = read(ctx, PodcastRequests::order);
    if (order == null) {
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.PODCAST_CREATE, order, new DeliveryOptions().setSendTimeout(60_000))
        .onSuccess(reply -> {
          ctx.response().putHeader("location", "/v1/podcasts/" + reply.body().getString("id"));
          json(ctx, 202, reply.body());
        })
        .onFailure(err -> fail(ctx, err));
  }

  /** Edits a ready episode's script; answers once the changed segments are spoken again, with the new status. */
  private void edit(RoutingContext ctx) {
    ScriptEdits edits = read(ctx, body -> PodcastRequests.edits(ctx.pathParam("id"), body));
    if (edits == null) {
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.PODCAST_EDIT, edits, new DeliveryOptions().setSendTimeout(600_000))
        .onSuccess(reply -> json(ctx, 200, reply.body()))
        .onFailure(err -> fail(ctx, err));
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  private static void fail(RoutingContext ctx, Throwable err) {
    BusErrors.reply(ctx, err, "podcast");
  }

  private void upgrade(RoutingContext ctx, String id) {
    String upgrade = ctx.request().getHeader("upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      ApiError.send(ctx, 426, "invalid_request_error", "upgrade_required", null,
          "live podcasts are a WebSocket endpoint: connect with ws:// or wss://");
      return;
    }
    JsonObject order = id == null ? PodcastRequests.query(ctx.request().params()) : null;
    int inputRate;
    try {
      inputRate = Integer.parseInt(ctx.request().getParam("input_rate", "24000"));
    } catch (NumberFormatException e) {
      inputRate = -1;
    }
    if (inputRate != 16000 && inputRate != 24000) {
      SessionLimit.release(ctx).run();
      ApiError.badRequest(ctx, "input_rate", "'input_rate' must be 16000 or 24000");
      return;
    }
    boolean binary = "binary".equals(ctx.request().getParam("audio"));
    String session = ctx.request().getParam("session");
    int rate = inputRate;
    Runnable release = SessionLimit.release(ctx);
    ctx.request().toWebSocket().onSuccess(ws -> {
      ws.closeHandler(v -> release.run());
      new PodcastLiveSession(vertx, ws, live, id, order, session, rate, binary, ledger, release).start();
    }).onFailure(err -> release.run());
  }
}
