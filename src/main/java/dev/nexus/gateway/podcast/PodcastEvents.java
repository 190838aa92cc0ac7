package dev.nexus.gateway.podcast;

import dev.nexus.gateway.base.EventSocket;
import io.vertx.core.json.JsonObject;
import java.util.Base64;

/** A live podcast client's events, checked and turned into calls on its session; mistakes become error events. */
record PodcastEvents(EventSocket socket, PodcastLiveSession session) {
  void handle(String text) {
    JsonObject event = socket.parse(text);
    if (event == null) {
      return;
    }
    String clientId = event.getValue("event_id") instanceof String s ? s : null;
    if (!(event.getValue("type") instanceof String type)) {
      socket.error(clientId, "missing_type", "type", "Every event needs a string 'type'");
      return;
    }
    try {
      dispatch(type, event, clientId);
    } catch (IllegalArgumentException | IllegalStateException e) {
      socket.error(clientId, e instanceof IllegalStateException ? "invalid_state" : "invalid_value", null,
          e.getMessage());
    }
  }

  private void dispatch(String type, JsonObject event, String clientId) {
    switch (type) {
      case "podcast.create" -> {
        if (!(event.getValue("podcast") instanceof JsonObject order)) {
          throw new IllegalArgumentException("'podcast' must be an object: {topic|text|url, minutes, style, hosts}");
        }
        session.create(order);
      }
      case "podcast.start" -> session.begin();
      case "podcast.pause" -> session.pause();
      case "podcast.resume" -> session.resume();
      case "podcast.interrupt" -> {
        Object question = event.getValue("text");
        if (question != null && (!(question instanceof String q) || q.isBlank())) {
          throw new IllegalArgumentException("'text' must be a non-empty string when given");
        }
        session.interrupt((String) question);
      }
      case "podcast.playback" -> {
        if (!(event.getValue("audio_end_ms") instanceof Number ms) || ms.doubleValue() < 0) {
          throw new IllegalArgumentException("'audio_end_ms' must be a number of milliseconds, 0 or more");
        }
        session.playback(ms.doubleValue());
      }
      case "input_audio_buffer.commit" -> session.commitSpeech();
      case "input_audio_buffer.append" -> {
        if (!(event.getValue("audio") instanceof String audio)) {
          throw new IllegalArgumentException("'audio' must be base64-encoded PCM16");
        }
        try {
          session.append(Base64.getDecoder().decode(audio));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("'audio' is not valid base64");
        }
      }
      default -> socket.error(clientId, "unknown_event_type", "type", "Unknown event type '" + type + "'");
    }
  }
}
