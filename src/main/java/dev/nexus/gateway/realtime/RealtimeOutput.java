package dev.nexus.gateway.realtime;

import dev.nexus.gateway.base.EventSocket;
import io.vertx.core.json.JsonObject;

/**
 * What a realtime session says to its client: server events in the GA protocol's names, or in the beta names for a
 * beta client, over the session's event socket.
 */
final class RealtimeOutput {
  private final EventSocket socket;
  private boolean legacy;

  RealtimeOutput(EventSocket socket, boolean legacy) {
    this.socket = socket;
    this.legacy = legacy;
  }

  /** The client speaks the beta protocol: answer in its names and shapes. */
  boolean legacy() {
    return legacy;
  }

  void speakBeta() {
    legacy = true;
  }

  /** A server event of {@code type} (renamed to the beta name for beta clients) with a fresh event id. */
  JsonObject event(String type) {
    return socket.event(legacy ? LegacyNames.of(type) : type);
  }

  void send(JsonObject event) {
    socket.send(event);
  }

  /** An error the client caused: the session carries on. */
  void error(String clientEventId, String code, String param, String message) {
    socket.error(clientEventId, code, param, message);
  }

  /** A client event's text as JSON; null, after an {@code invalid_json} error event, when it is not JSON. */
  JsonObject parse(String text) {
    return socket.parse(text);
  }

  /** A failure on the server's side, naming the stage in {@code code}. */
  void serverError(String code, String message) {
    socket.serverError(code, message);
  }

  /** Open, and the socket's write queue has room. */
  boolean writable() {
    return socket.writable();
  }

  void closed() {
    socket.markClosed();
  }
}
