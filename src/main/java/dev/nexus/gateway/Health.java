package dev.nexus.gateway;

import dev.nexus.bus.Addresses;
import dev.nexus.models.Setup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's health: every enabled capability asked over the bus (so it works when they live on other nodes), and
 * the first-run report of what runs and what one command adds ({@link Setup}).
 */
public final class Health {
  private final Vertx vertx;
  private final List<String> capabilities;
  private final long timeoutMs;

  public Health(Vertx vertx, List<String> capabilities, long timeoutMs) {
    this.vertx = vertx;
    this.capabilities = List.copyOf(capabilities);
    this.timeoutMs = timeoutMs;
  }

  /** {@code {"status":"UP"|"DOWN","verticles":{...},"setup":{"running":{...},"add":[{what,command}]}}}. */
  public Future<JsonObject> probe() {
    List<Future<JsonObject>> probes = new ArrayList<>();
    for (String capability : capabilities) {
      probes.add(vertx.eventBus().<JsonObject>request(Addresses.health(capability), "ping",
              new DeliveryOptions().setSendTimeout(timeoutMs))
          .map(reply -> reply.body())
          .otherwise(err -> new JsonObject().put("status", "DOWN").put("reason", err.getMessage())));
    }
    return Future.join(probes).transform(done -> {
      JsonObject verticles = new JsonObject().put(Addresses.GATEWAY, new JsonObject().put("status", "UP"));
      boolean up = true;
      for (int i = 0; i < capabilities.size(); i++) {
        JsonObject status = probes.get(i).result();
        verticles.put(capabilities.get(i), status);
        up &= "UP".equals(status.getString("status"));
      }
      return Future.succeededFuture(new JsonObject().put("status", up ? "UP" : "DOWN").put("verticles", verticles)
          .put("setup", Setup.from(verticles)));
    });
  }

  /** {@code GET /health}: 200 when every capability answered UP, else 503. */
  void handle(RoutingContext ctx) {
    probe().onSuccess(health -> ctx.response().setStatusCode("UP".equals(health.getString("status")) ? 200 : 503)
        .putHeader("content-type", "application/json").end(health.encode()));
  }
}
