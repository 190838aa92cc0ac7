package dev.nexus.gateway.base;

import dev.nexus.bus.StageFailure;
import io.vertx.ext.web.RoutingContext;

/** The one place where a failed stage request becomes what a client is told: an HTTP status and an error code. */
public final class BusErrors {
  private BusErrors() {
  }

  /** The HTTP status a kind of stage failure is answered with. */
  public static int status(StageFailure failure) {
    return switch (failure) {
      case INVALID_REQUEST -> 400;
      case NOT_FOUND -> 404;
      case NOT_READY -> 409;
      case SOURCE_UNREADABLE -> 502;
      case UNAVAILABLE -> 503;
      case FAILED -> 500;
    };
  }

  /** The error code a client sees for a kind of failure of {@code capability}'s stage. */
  public static String code(StageFailure failure, String capability) {
    return switch (failure) {
      case INVALID_REQUEST -> "invalid_value";
      case NOT_FOUND -> "not_found";
      case NOT_READY -> "not_ready";
      case SOURCE_UNREADABLE -> "source_unreachable";
      case UNAVAILABLE -> capability + "_unavailable";
      case FAILED -> capability + "_failed";
    };
  }

  /** A failed stage request as one readable line. */
  public static String message(Throwable err, String capability) {
    return StageFailure.of(err) == StageFailure.UNAVAILABLE
        ? "the " + capability + " capability is not available on this server right now (" + err.getMessage() + ")"
        : String.valueOf(err.getMessage());
  }

  /**
   * Answers a failed stage request: the client's own mistakes as 4xx with the stage's message, an absent or silent
   * capability as 503 naming it, a source that could not be read as 502, anything else as 500.
   */
  public static void reply(RoutingContext ctx, Throwable err, String capability) {
    StageFailure failure = StageFailure.of(err);
    int status = status(failure);
    ApiError.send(ctx, status, status < 500 ? "invalid_request_error" : "server_error", code(failure, capability), null,
        message(err, capability));
  }
}
