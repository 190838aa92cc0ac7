package dev.nexus.gateway.realtime;

import dev.nexus.bus.ChatMessage;
import dev.nexus.live.HeardTimeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A realtime session's conversation: its items in order (each addition told to the client), and for the assistant's
 * audio items what the listener heard of them, so a truncation keeps only the words heard.
 */
final class Conversation {
  /** What the server sent of an assistant audio item: its transcript, where each word sits, and its length. */
  static final class Spoken {
    final StringBuilder transcript = new StringBuilder();
    final HeardTimeline<Item> heard = new HeardTimeline<>();
    double audioMs;

    /** The transcript of the words that began before {@code endMs}. */
    String heardBy(double endMs) {
      return transcript.substring(0, Math.min(heard.textHeardBy(endMs, item -> true), transcript.length())).trim();
    }
  }

  private final RealtimeOutput out;
  private final List<Item> items = new ArrayList<>();
  private final Map<String, Spoken> spoken = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Spoken> eldest) {
      return size() > 32;
    }
  };

  Conversation(RealtimeOutput out) {
    this.out = out;
  }

  /** Adds a complete item after {@code previousId} ("root": first; null: last) and tells the client. */
  void add(Item item, String previousId) {
    add(item, previousId, true);
  }

  /**
   * Adds an item and tells the client ({@code conversation.item.added}); with {@code complete},
   * {@code conversation.item.done} follows at once, else it waits for {@link #done} (an assistant item being spoken).
   */
  void add(Item item, String previousId, boolean complete) {
    int at = items.size();
    if (previousId != null && !previousId.equals(lastId())) {
      at = "root".equals(previousId) ? 0 : indexOf(previousId) + 1;
    }
    items.add(at, item);
    String previous = at == 0 ? null : items.get(at - 1).id;
    if (out.legacy()) {
      out.send(out.event("conversation.item.created").put("previous_item_id", previous).put("item", item.toJson(true)));
    } else {
      out.send(out.event("conversation.item.added").put("previous_item_id", previous).put("item", item.toJson(false)));
      if (complete) {
        out.send(out.event("conversation.item.done").put("previous_item_id", previous).put("item", item.toJson(false)));
      }
    }
  }

  /** An item added incomplete is done (GA: {@code conversation.item.done}, with the item as it ended). */
  void done(Item item) {
    int at = indexOf(item.id);
    if (at >= 0 && !out.legacy()) {
      out.send(out.event("conversation.item.done").put("previous_item_id", at == 0 ? null : items.get(at - 1).id)
          .put("item", item.toJson(false)));
    }
  }

  /** The id of the last item, or null. */
  String lastId() {
    return items.isEmpty() ? null : items.get(items.size() - 1).id;
  }

  boolean contains(String itemId) {
    return indexOf(itemId) >= 0;
  }

  private int indexOf(String itemId) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).id.equals(itemId)) {
        return i;
      }
    }
    return -1;
  }

  /** The item with this id, or a protocol error naming {@code param}. */
  Item find(String itemId, String param) {
    int i = itemId == null ? -1 : indexOf(itemId);
    if (i < 0) {
      throw new ProtocolError("item_not_found", param, "No conversation item with id '" + itemId + "'");
    }
    return items.get(i);
  }

  void remove(Item item) {
    items.remove(item);
  }

  /** The conversation as chat messages, after the session's instructions. */
  List<ChatMessage> messages(String instructions) {
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.system(instructions));
    for (Item item : items) {
      ChatMessage m = item.toMessage();
      if (m != null) {
        messages.add(m);
      }
    }
    return messages;
  }

  /** Starts keeping what is heard of an assistant audio item. */
  Spoken track(Item item) {
    Spoken s = new Spoken();
    spoken.put(item.id, s);
    return s;
  }

  /** What is known of an audio item's audio, or null when it is no longer kept. */
  Spoken spokenOf(Item item) {
    return spoken.get(item.id);
  }
}
