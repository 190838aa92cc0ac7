package dev.nexus.gateway.twilio;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the caller has heard, learnt from Twilio's marks: after each piece of an assistant item's audio the bridge
 * sends a mark, and Twilio sends it back once the audio before it has played. A mark that comes back tells how many
 * milliseconds of that item the caller heard; marks still out mean audio is waiting in Twilio's buffer.
 */
final class PlaybackMarks {
  /** Where a mark sits: the item and the milliseconds of its audio sent before the mark. */
  record Position(String itemId, double ms) {
  }

  private final Map<String, Position> pending = new LinkedHashMap<>();
  private final Map<String, Double> sentMs = new LinkedHashMap<>();
  private Position heard;
  private String playing;
  private long seq;

  /**
   * {@code bytes} of μ-law audio (8 kHz, one byte a sample) of {@code itemId} were sent.
   *
   * @return the name of the mark to send after them
   */
  String sent(String itemId, int bytes) {
    double ms = sentMs.getOrDefault(itemId, 0.0) + bytes / 8.0;
    sentMs.put(itemId, ms);
    if (sentMs.size() > 16) { // only the latest items can still be playing
      sentMs.remove(sentMs.keySet().iterator().next());
    }
    playing = itemId;
    String name = "nexus-" + (++seq);
    pending.put(name, new Position(itemId, ms));
    return name;
  }

  /** Twilio sent a mark back: its audio, and everything before it, has played. Unknown names are ignored. */
  void played(String name) {
    Position at = pending.get(name);
    if (at == null) {
      return;
    }
    for (Iterator<String> it = pending.keySet().iterator(); it.hasNext(); ) {
      String next = it.next();
      it.remove();
      if (next.equals(name)) {
        break;
      }
    }
    heard = at;
  }

  /** Audio sent is still waiting to be played. */
  boolean playing() {
    return !pending.isEmpty();
  }

  /**
   * The audio still waiting is dropped (a {@code clear}): the marks still out are forgotten (Twilio sends them back
   * at once, and they say nothing about what was heard).
   *
   * @return where the caller stopped hearing the item that was playing: its last mark that came back, or 0 ms
   */
  Position clear() {
    pending.clear();
    if (playing == null) {
      return null;
    }
    double ms = heard != null && heard.itemId().equals(playing) ? heard.ms() : 0;
    return new Position(playing, ms);
  }
}
