package dev.nexus.gateway.podcast;

import dev.nexus.podcast.PodcastScript;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Something a live podcast speaks: a turn of the script (from a character offset), a host's answer to the listener,
 * or the line that bridges back into the episode.
 *
 * @param base where {@code text} starts in the turn's text (0 for answers and bridges)
 */
record Piece(Role role, int segment, int turn, String host, String text, int base) {
  enum Role { TURN, ANSWER, BRIDGE }

  /** The episode's hosts as the client sees them. */
  static JsonArray hosts(PodcastScript script) {
    return new JsonArray(script.hosts().stream().map(h -> new JsonObject().put("name", h.name())
        .put("voice", h.voice())).toList());
  }

  /** The episode's segments and turns as the client sees them. */
  static JsonArray segments(PodcastScript script) {
    JsonArray segments = new JsonArray();
    script.segments().forEach(s -> segments.add(new JsonObject().put("title", s.title())
        .put("turns", new JsonArray(s.turns().stream().map(t -> new JsonObject().put("host", t.host())
            .put("text", t.text())).toList()))));
    return segments;
  }
}
