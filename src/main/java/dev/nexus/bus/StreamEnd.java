package dev.nexus.bus;

/** The last item of every stream: how it ended and, on failure, why and in which stage. */
public record StreamEnd(String requestId, Status status, String stage, String message) {
  /** How a stream ended. */
  public enum Status {
    DONE, CANCELLED, FAILED
  }

  public static StreamEnd done(String requestId, String stage) {
    return new StreamEnd(requestId, Status.DONE, stage, null);
  }

  public static StreamEnd cancelled(String requestId, String stage) {
    return new StreamEnd(requestId, Status.CANCELLED, stage, null);
  }

  public static StreamEnd failed(String requestId, String stage, String message) {
    return new StreamEnd(requestId, Status.FAILED, stage, message);
  }
}
