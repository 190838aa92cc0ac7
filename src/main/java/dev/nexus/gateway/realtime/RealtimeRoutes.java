package dev.nexus.gateway.realtime;

import dev.nexus.gateway.base.ApiError;
import dev.nexus.gateway.base.EventSocket;
import dev.nexus.gateway.base.SessionLimit;
import dev.nexus.metrics.LatencyLedger;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /v1/realtime}: the OpenAI-Realtime-compatible WebSocket, one {@link RealtimeSession} per socket. */
public final class RealtimeRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(RealtimeRoutes.class);
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

  /**
   * A realtime voice session for another protocol's adapter (a phone call): it is started at once, takes client
   * events through the returned driver and sends its server events to {@code events}.
   *
   * @param model the reasoning model to ask for
   * @param writable whether the adapter's connection has room (the session's audio is paced on it)
   * @param hangUp closes the adapter's connection (a reader too slow to serve)
   * @param release runs once when the session ends
   */
  public RealtimeDriver drive(String model, Consumer<JsonObject> events, BooleanSupplier writable, Runnable hangUp,
      Runnable release) {
    SessionConfig initial = new SessionConfig();
    initial.model = model;
    RealtimeSession session = new RealtimeSession(vertx, new EventSocket("realtime-driver", events, writable), options,
        ledger, initial, false, hangUp, release);
    session.start();
    return new RealtimeDriver(session);
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
    SessionConfig initial;
    try {
      initial = SessionConfig.forIntent(ctx.request().getParam("intent"));
    } catch (ProtocolError e) {
      SessionLimit.release(ctx).run();
      ApiError.send(ctx, 400, "invalid_request_error", e.code, e.param, e.getMessage());
      return;
    }
    initial.model = ctx.request().getParam("model", "nexus-realtime");
    String beta = ctx.request().getHeader("openai-beta");
    String protocols = ctx.request().getHeader("sec-websocket-protocol");
    // beta clients say so in a header, or (browsers) in the subprotocol openai-beta.realtime-v1
    boolean legacy = beta != null && beta.contains("realtime=v1")
        || protocols != null && protocols.contains("openai-beta.realtime-v1");
    ctx.request().toWebSocket()
        .onSuccess(ws -> {
          RealtimeSession session = new RealtimeSession(vertx, new EventSocket(ws, "realtime"), options, ledger,
              initial, legacy, () -> ws.close((short) 1008, "slow_reader"), SessionLimit.release(ctx));
          ws.textMessageHandler(session::onText);
          ws.binaryMessageHandler(session::onBinary);
          ws.closeHandler(v -> session.close());
          ws.exceptionHandler(err -> { // past http.max-websocket-message-bytes Vert.x drops the message: close, as documented
            LOG.debug("realtime: {}", err.getMessage());
            if (String.valueOf(err.getMessage()).contains("max message size")) {
              ws.close((short) 1009, "message_too_big");
            }
          });
          session.start();
        })
        .onFailure(err -> {
          SessionLimit.release(ctx).run();
          if (!ctx.response().ended()) {
            ApiError.send(ctx, 400, "invalid_request_error", "websocket_upgrade_failed", null,
                "The WebSocket upgrade failed: " + err.getMessage());
          }
        });
  }
}
