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
  private final int perMinute;
  private final java.util.Map<Integer, double[]> buckets = new java.util.concurrent.ConcurrentHashMap<>();

  ApiKeys(List<String> keys) {
    this(keys, 0);
  }

  /** @param perMinute requests a key may make per minute, in a token bucket of that size (0: no limit) */
  ApiKeys(List<String> keys, int perMinute) {
    this.keys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
    this.perMinute = perMinute;
  }

  /** Takes a token from the key's bucket; false when the key has used its rate. */
  private boolean allowed(int key) {
    if (perMinute <= 0) {
      return true;
    }
    double[] bucket = buckets.computeIfAbsent(key, k -> new double[] {perMinute, System.nanoTime()});
    synchronized (bucket) {
      long now = System.nanoTime();
      bucket[0] = Math.min(perMinute, bucket[0] + (now - bucket[1]) / 60e9 * perMinute);
      bucket[1] = now;
      if (bucket[0] < 1) {
        return false;
      }
      bucket[0] -= 1;
      return true;
    }
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
    int matched = -1;
    for (int i = 0; i < keys.size(); i++) {
      if (MessageDigest.isEqual(keys.get(i), given)) { // constant time, and every key is compared
        matched = i;
      }
    }
    if (matched < 0) {
      ApiError.send(ctx, 401, "invalid_request_error", "invalid_api_key", null, "The API key is not valid");
      return;
    }
    if (!allowed(matched)) {
      ctx.response().putHeader("retry-after", String.valueOf(Math.max(1, 60 / perMinute)));
      ApiError.send(ctx, 429, "rate_limit_error", "rate_limit_exceeded", null,
          "This key has made more than " + perMinute + " requests in a minute; slow down");
      return;
    }
    ctx.next();
  }
}
