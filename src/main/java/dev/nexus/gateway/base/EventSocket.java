package dev.nexus.gateway.base;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket speaking JSON events in the realtime envelope: every server event has a {@code type} and
 * a fresh {@code event_id}; an {@code error} event carries {@code type}, {@code code}, {@code message},
 * {@code param} and the client's {@code event_id}.
 */
public final class EventSocket {
  private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);

  private final ServerWebSocket ws;
  private final Consumer<JsonObject> sink;
  private final BooleanSupplier room;
  private final String name;
  private long seq;
  private boolean closed;

  public EventSocket(ServerWebSocket ws, String name) {
    this.ws = ws;
    this.name = name;
    this.sink = null;
    this.room = null;
  }

  /** Events for another protocol's adapter (a phone call bridged to a realtime session): {@code sink} takes them. */
  public EventSocket(String name, Consumer<JsonObject> sink, BooleanSupplier writable) {
    this.ws = null;
    this.name = name;
    this.sink = sink;
    this.room = writable;
  }

  /** A new server event of the given type. */
  public JsonObject event(String type) {
    return new JsonObject().put("type", type).put("event_id", "event_" + (++seq));
  }

  public void send(JsonObject event) {
    if (!closed && sink != null) {
      sink.accept(event);
    } else if (!closed) {
      ws.writeTextMessage(event.encode()).onFailure(err -> LOG.debug("{}: send failed: {}", name, err.getMessage()));
    }
  }

  public void sendBinary(byte[] bytes) {
    if (!closed && ws != null) {
      ws.writeBinaryMessage(Buffer.buffer(bytes))
          .onFailure(err -> LOG.debug("{}: send failed: {}", name, err.getMessage()));
    }
  }

  /** An error the client caused: the session carries on. */
  public void error(String clientEventId, String code, String param, String message) {
    send(event("error").put("error", new JsonObject().put("type", "invalid_request_error").put("code", code)
        .put("message", message).put("param", param).put("event_id", clientEventId)));
  }

  /** A client event's text as JSON; null, after an {@code invalid_json} error event, when it is not JSON. */
  public JsonObject parse(String text) {
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      error(null, "invalid_json", null, "The event is not valid JSON: " + e.getMessage());
      return null;
    }
  }

  /** A failure on the server's side, naming the stage in {@code code}. */
  public void serverError(String code, String message) {
    send(event("error").put("error", new JsonObject().put("type", "server_error").put("code", code)
        .put("message", message).put("param", null).put("event_id", null)));
  }

  /** Open, and the socket's write queue has room. */
  public boolean writable() {
    if (closed || room != null) {
      return !closed && room.getAsBoolean();
    }
    if (ws.isClosed()) {
      return false;
    }
    try {
      return !ws.writeQueueFull();
    } catch (IllegalStateException gone) { // closed between the two calls: the close handler is on its way
      return false;
    }
  }

  public void markClosed() {
    closed = true;
  }

  public boolean closed() {
    return closed;
  }
}
