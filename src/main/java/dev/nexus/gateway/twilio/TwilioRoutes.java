package dev.nexus.gateway.twilio;

import dev.nexus.gateway.realtime.RealtimeRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * {@code GET /v1/twilio/media-stream}: Twilio's Media Streams WebSocket (a {@code <Connect><Stream>} in TwiML), one
 * {@link TwilioCall} per call, each bridged to a realtime voice session.
 */
public final class TwilioRoutes {
  /** The endpoint's path. */
  public static final String PATH = "/v1/twilio/media-stream";

  private final Vertx vertx;
  private final RealtimeRoutes realtime;
  private final Function<RoutingContext, Runnable> release;

  /** @param release the session slot a request holds (the gateway's session limit), released when the call ends */
  public TwilioRoutes(Vertx vertx, RealtimeRoutes realtime, Function<RoutingContext, Runnable> release) {
    this.vertx = vertx;
    this.realtime = realtime;
    this.release = release;
  }

  public void mount(Router router) {
    router.get(PATH).handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader("upgrade");
    Runnable done = release.apply(ctx);
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      done.run();
      ctx.fail(426, new IllegalArgumentException(PATH + " is Twilio's Media Streams WebSocket: point a TwiML "
          + "<Connect><Stream url=\"wss://...\"> at it"));
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(ws -> new TwilioCall(vertx, ws, realtime, done).start())
        .onFailure(err -> {
          done.run();
          if (!ctx.response().ended()) {
            ctx.fail(400, new IllegalArgumentException("The WebSocket upgrade failed: " + err.getMessage()));
          }
        });
  }
}
