package dev.nexus.podcast;

/** A podcast request the client must fix (answered as {@code StageFailure.INVALID_REQUEST}: a 400). */
final class BadRequest extends RuntimeException {
  BadRequest(String message) {
    super(message);
  }
}
