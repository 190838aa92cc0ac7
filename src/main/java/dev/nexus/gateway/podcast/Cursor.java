package dev.nexus.gateway.podcast;

import dev.nexus.podcast.PodcastScript;
import io.vertx.core.json.JsonObject;

/** Where in a script: a segment, a turn of it, and a character offset in the turn's text. */
record Cursor(int segment, int turn, int offset) {
  static final Cursor START = new Cursor(0, 0, 0);

  JsonObject toJson() {
    return new JsonObject().put("segment", segment).put("turn", turn).put("offset", offset);
  }

  static Cursor of(JsonObject json) {
    return new Cursor(json.getInteger("segment", 0), json.getInteger("turn", 0), json.getInteger("offset", 0));
  }

  /** The cursor moved onto a real turn (the next segment's first when past a segment's end); null past the end. */
  Cursor normalise(PodcastScript script) {
    int s = segment;
    int t = turn;
    while (s < script.segments().size() && t >= script.segments().get(s).turns().size()) {
      s++;
      t = 0;
    }
    return s >= script.segments().size() ? null : new Cursor(s, t, t == turn ? offset : 0);
  }

  /** The turn this (normalised) cursor is in. */
  PodcastScript.Turn turnOf(PodcastScript script) {
    return script.segments().get(segment).turns().get(turn);
  }

  /** The word starting at {@code offset} in {@code text}, without punctuation. */
  static String wordAt(String text, int offset) {
    int end = offset;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return text.substring(Math.min(offset, text.length()), end).replaceAll("[^\\p{L}\\p{N}'-]", "");
  }
}
