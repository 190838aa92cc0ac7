package dev.nexus.gateway;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.ext.web.RoutingContext;

/** Maps a failed bus request to the HTTP answer a client should get. */
final class BusErrors {
  private BusErrors() {
  }

  /**
   * A stage's 4xx becomes that 4xx with its message; no stage listening (or none answering in time)
   * becomes a 503 naming the capability; anything else a 500.
   */
  static void reply(RoutingContext ctx, Throwable err, String capability) {
    if (err instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && re.failureCode() == 400) {
      ApiError.badRequest(ctx, null, re.getMessage());
    } else if (err instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && re.failureCode() > 400 && re.failureCode() < 500) {
      ApiError.send(ctx, re.failureCode(), "invalid_request_error", re.failureCode() == 404 ? "not_found" : "conflict",
          null, re.getMessage());
    } else if (err instanceof ReplyException re && re.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      ApiError.send(ctx, 503, "server_error", capability + "_unavailable", null,
          "The " + capability + " capability is not available on this server right now");
    } else {
      ApiError.send(ctx, 500, "server_error", capability + "_failed", null, String.valueOf(err.getMessage()));
    }
  }
}
