package dev.nexus.gateway.realtime;

/** A client event the session refuses; it becomes an {@code error} event and the session carries on. */
final class ProtocolError extends RuntimeException {
  final String code;
  final String param;

  ProtocolError(String code, String param, String message) {
    super(message);
    this.code = code;
    this.param = param;
  }

  static ProtocolError invalid(String param, String message) {
    return new ProtocolError("invalid_value", param, message);
  }
}
