package dev.nexus.gateway;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks the API key of every {@code /v1/*} request, WebSocket upgrades included (before the upgrade):
 * {@code Authorization: Bearer KEY}, or {@code ?api_key=KEY} for browsers, which cannot set headers on a
 * WebSocket. With no keys configured every request passes.
 */
final class ApiKeys implements Handler<RoutingContext> {
  private final List<byte[]> keys;

  ApiKeys(List<String> keys) {
    this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
  }

  boolean enabled() {
    return !keys.isEmpty();
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (keys.isEmpty()) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("authorization");
    String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim()
        : ctx.request().getParam("api_key");
    if (presented == null || presented.isEmpty()) {
      ApiError.send(ctx, 401, "invalid_request_error", "missing_api_key", null,
          "This server needs an API key: send 'Authorization: Bearer KEY' (or ?api_key=KEY from a browser)");
      return;
    }
    byte[] given = presented.getBytes(StandardCharsets.UTF_8);
    boolean ok = false;
    for (byte[] key : keys) {
      ok |= MessageDigest.isEqual(key, given); // constant time, and every key is compared
    }
    if (!ok) {
      ApiError.send(ctx, 401, "invalid_request_error", "invalid_api_key", null, "The API key is not valid");
      return;
    }
    ctx.next();
  }
}
