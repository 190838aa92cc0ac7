package dev.nexus.gateway.base;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Guards the WebSocket routes before the upgrade: a browser's {@code Origin} must be one of
 * {@code allowed-origins} (when any are configured), and at most {@code limits.max-sessions} live
 * sessions are open at once. Past the limit a new session is refused with 429 {@code session_limit}:
 * the sessions already open keep their quality.
 */
public final class SessionLimit implements Handler<RoutingContext> {
  /** The routing-context key of the session's release action (a Runnable). */
  public static final String RELEASE = "nexus.session.release";

  private final int max;
  private final List<String> origins;
  private final AtomicInteger open = new AtomicInteger();

  public SessionLimit(int max, List<String> origins) {
    this.max = max;
    this.origins = origins;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String upgrade = ctx.request().getHeader("upgrade");
    if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
      ctx.next(); // not a session: the route answers it
      return;
    }
    String origin = ctx.request().getHeader("origin");
    if (origin != null && !origins.isEmpty() && !origins.contains(origin)) {
      ApiError.send(ctx, 403, "invalid_request_error", "origin_not_allowed", null,
          "WebSocket connections from " + origin + " are not allowed (gateway.yaml allowed-origins)");
      return;
    }
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      ApiError.send(ctx, 429, "invalid_request_error", "session_limit",
          null, "This server holds " + max + " live sessions at most; try again later");
      return;
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        open.decrementAndGet();
      }
    };
    ctx.put(RELEASE, release); // the session calls it when it ends
    ctx.next();
  }

  /** The release action a guarded request carries (a no-op for an unguarded one). */
  public static Runnable release(RoutingContext ctx) {
    Runnable release = ctx.get(RELEASE);
    return release == null ? () -> { } : release;
  }

  /** Live sessions open now. */
  public int open() {
    return open.get();
  }
}
