package dev.nexus.gateway.realtime;

import dev.nexus.gateway.base.SessionLimit;
import dev.nexus.gateway.base.ApiError;
import dev.nexus.metrics.LatencyLedger;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /v1/realtime}: the OpenAI-Realtime-compatible WebSocket, one {@link RealtimeSession} per socket. */
public final class RealtimeRoutes {
  private final Vertx vertx;
  private final RealtimeSession.Options options;
  private final LatencyLedger ledger;

  /**
   * @param sendAheadMs how far ahead of real time response audio may be sent (-1: no pacing)
   * @param maxBufferSeconds the most audio a manual (no turn detection) input buffer holds
   * @param chunkMs the largest audio delta, in milliseconds
   * @param echoGuard whether sessions start with the echo guard on
   * @param stageTimeoutMs how long a stage may send nothing before the response fails naming it
   * @param ledger where each turn's latencies go; may be null
   */
  public RealtimeRoutes(Vertx vertx, int sendAheadMs, int maxBufferSeconds, int chunkMs, boolean echoGuard,
      long stageTimeoutMs, LatencyLedger ledger) {
    this.vertx = vertx;
    this.options = new RealtimeSession.Options(sendAheadMs, maxBufferSeconds, chunkMs, 60, 0.6, echoGuard,
        stageTimeoutMs);
    this.ledger = ledger;
  }

  public void mount(Router router) {
    router.get("/v1/realtime").handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader("upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      ApiError.send(ctx, 426, "invalid_request_error", "upgrade_required", null,
          "/v1/realtime is a WebSocket endpoint: connect with ws:// or wss://");
      return;
    }
    String model = ctx.request().getParam("model", "nexus-realtime");
    try {
      SessionConfig.forIntent(ctx.request().getParam("intent"));
    } catch (ProtocolError e) {
      dev.nexus.gateway.base.SessionLimit.release(ctx).run();
      ApiError.send(ctx, 400, "invalid_request_error", e.code, e.param, e.getMessage());
      return;
    }
    String beta = ctx.request().getHeader("openai-beta");
    String protocols = ctx.request().getHeader("sec-websocket-protocol");
    // beta clients say so in a header, or (browsers) in the subprotocol openai-beta.realtime-v1
    boolean legacy = beta != null && beta.contains("realtime=v1")
        || protocols != null && protocols.contains("openai-beta.realtime-v1");
    ctx.request().toWebSocket()
        .onSuccess(ws -> new RealtimeSession(vertx, ws, options, ledger, model, legacy,
            dev.nexus.gateway.base.SessionLimit.release(ctx)).start())
        .onFailure(err -> {
          dev.nexus.gateway.base.SessionLimit.release(ctx).run();
          if (!ctx.response().ended()) {
            ApiError.send(ctx, 400, "invalid_request_error", "websocket_upgrade_failed", null,
                "The WebSocket upgrade failed: " + err.getMessage());
          }
        });
  }
}
