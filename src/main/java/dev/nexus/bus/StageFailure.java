package dev.nexus.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Why a stage refused or failed a request, as it travels on the bus (the failure code of a reply). The gateway maps
 * each kind to its protocol's error in one place; no protocol's status numbers travel on the bus.
 */
public enum StageFailure {
  /** The request is wrong; the caller must fix it. */
  INVALID_REQUEST(1),
  /** The thing the request names does not exist. */
  NOT_FOUND(2),
  /** The thing exists but is not in a state to serve the request (an episode not ready yet). */
  NOT_READY(3),
  /** A source the stage had to read (a URL) could not be read. */
  SOURCE_UNREADABLE(4),
  /** No stage of the capability is listening, or none answered in time. */
  UNAVAILABLE(5),
  /** The stage took the request and failed while serving it. */
  FAILED(6);

  private final int code;

  StageFailure(int code) {
    this.code = code;
  }

  /** The failure code this kind travels with. */
  public int code() {
    return code;
  }

  /** Fails {@code message} with this kind. */
  public void fail(Message<?> message, String reason) {
    message.fail(code, reason);
  }

  /** The kind a failed bus request carries: a stage's own kind, UNAVAILABLE when none answered, else FAILED. */
  public static StageFailure of(Throwable err) {
    if (err instanceof StageException se) {
      return se.failure();
    }
    if (err instanceof ReplyException re) {
      if (re.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
        return UNAVAILABLE;
      }
      for (StageFailure kind : values()) {
        if (kind.code == re.failureCode()) {
          return kind;
        }
      }
    }
    return FAILED;
  }
}
