package dev.nexus.bus;

import java.util.Objects;
import java.util.UUID;

/**
 * What every bus request carries: the session it belongs to and its own id, from which the
 * per-request stream and cancellation addresses follow.
 */
public record RequestContext(String sessionId, String requestId) {
  public RequestContext {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(requestId, "requestId");
  }

  /** A fresh request in the given session. */
  public static RequestContext newRequest(String sessionId) {
    return new RequestContext(sessionId, UUID.randomUUID().toString());
  }

  /** The address the stage streams this request's items to. */
  public String streamAddress() {
    return Addresses.stream(requestId);
  }

  /** The address the stage listens on for this request's cancellation. */
  public String cancelAddress() {
    return Addresses.cancel(requestId);
  }
}
