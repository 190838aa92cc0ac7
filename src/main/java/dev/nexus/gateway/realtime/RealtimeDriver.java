package dev.nexus.gateway.realtime;

import io.vertx.core.json.JsonObject;

/**
 * A realtime session driven by another protocol's adapter (the Twilio media-stream bridge): the adapter sends client
 * events as a WebSocket client would, and hears the session's server events. Event-loop only.
 */
public final class RealtimeDriver {
  private final RealtimeSession session;

  RealtimeDriver(RealtimeSession session) {
    this.session = session;
  }

  /** A client event ({@code session.update}, {@code input_audio_buffer.append}, {@code conversation.item.truncate}...). */
  public void send(JsonObject clientEvent) {
    session.handle(clientEvent);
  }

  /** The session's id. */
  public String id() {
    return session.parts().id();
  }

  /** The adapter's connection has gone: the response is cancelled and the session ends. */
  public void close() {
    session.close();
  }
}
