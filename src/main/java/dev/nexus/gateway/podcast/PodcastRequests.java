package dev.nexus.gateway.podcast;

import dev.nexus.bus.PodcastOrder;
import dev.nexus.bus.ScriptEdit;
import dev.nexus.bus.ScriptEdits;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one parser of the podcast protocol's requests: an episode order (from {@code POST /v1/podcasts}, the live
 * URL's parameters or a {@code podcast.create} event) and a script edit ({@code PATCH /v1/podcasts/{id}/script}),
 * from JSON to the typed bus records. Every mistake is a {@link BadField} naming the field.
 */
public final class PodcastRequests {
  /** The longest turn text an edit may give. */
  static final int MAX_TURN_CHARS = 4000;
  /** The most edits one request may carry. */
  static final int MAX_EDITS = 200;

  /** A request field the client must fix: {@code param} names it. */
  public static final class BadField extends RuntimeException {
    final String param;

    BadField(String param, String message) {
      super(message);
      this.param = param;
    }
  }

  private PodcastRequests() {
  }

  /** An episode order from the request JSON: exactly one of topic, text, url; minutes, style and hosts optional. */
  public static PodcastOrder order(JsonObject json) {
    List<PodcastOrder.Kind> given = new ArrayList<>();
    for (PodcastOrder.Kind kind : PodcastOrder.Kind.values()) {
      Object value = json.getValue(kind.field());
      if (value != null) {
        if (!(value instanceof String s) || s.isBlank()) {
          throw new BadField(kind.field(), "'" + kind.field() + "' must be a non-empty string");
        }
        given.add(kind);
      }
    }
    if (given.size() != 1) {
      throw new BadField(null, "give exactly one of 'topic', 'text' or 'url'");
    }
    PodcastOrder.Kind kind = given.get(0);
    String value = json.getString(kind.field()).trim();
    if (kind == PodcastOrder.Kind.URL && !httpUrl(value)) {
      throw new BadField("url", "'url' must be an http:// or https:// URL");
    }
    Object minutes = json.getValue("minutes", PodcastOrder.DEFAULT_MINUTES);
    if (!(minutes instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      throw new BadField("minutes", "'minutes' must be a number");
    }
    Object styleRaw = json.getValue("style", PodcastOrder.DEFAULT_STYLE);
    String style = styleRaw instanceof String s ? s.trim().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_')
        : "";
    if (!PodcastOrder.STYLES.contains(style)) {
      throw new BadField("style", "'style' must be one of " + PodcastOrder.STYLES);
    }
    return new PodcastOrder(kind, value, number.doubleValue(), style, hosts(json.getValue("hosts")));
  }

  private static boolean httpUrl(String value) {
    try {
      URI uri = URI.create(value);
      return List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static List<PodcastOrder.Host> hosts(Object raw) {
    if (raw == null) {
      return List.of();
    }
    if (!(raw instanceof JsonArray array) || array.size() < 2 || array.size() > 4) {
      throw new BadField("hosts", "'hosts' must be an array of 2 to 4 {\"name\",\"voice\"} objects");
    }
    List<PodcastOrder.Host> hosts = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject h) || !(h.getValue("name") instanceof String name)
          || !name.matches("[\\p{L}\\p{N} .'-]{1,40}") || !(h.getValue("voice", "alloy") instanceof String voice)) {
        throw new BadField("hosts[" + i + "]", "hosts[" + i + "] needs a 'name' (1 to 40 letters, digits, spaces) "
            + "and a 'voice'");
      }
      if (hosts.stream().anyMatch(x -> x.name().equalsIgnoreCase(name.trim()))) {
        throw new BadField("hosts[" + i + "]", "host names must differ (" + name + " twice)");
      }
      hosts.add(new PodcastOrder.Host(name.trim(), voice, h.getValue("persona") instanceof String p ? p : null));
    }
    return hosts;
  }

  /**
   * The order a live URL's query gives, as request JSON: {@code topic}, {@code text}, {@code url}, {@code style},
   * {@code minutes} and {@code hosts=Name:voice,Name:voice}; null when it gives none of them (the client then sends
   * {@code podcast.create}).
   */
  static JsonObject query(MultiMap params) {
    JsonObject json = new JsonObject();
    for (String key : List.of("topic", "text", "url", "style", "minutes")) {
      if (params.get(key) != null) {
        json.put(key, params.get(key));
      }
    }
    if (json.containsKey("minutes")) {
      try {
        json.put("minutes", Double.parseDouble(json.getString("minutes")));
      } catch (NumberFormatException e) {
        // left a string: the order's parser names it
      }
    }
    String hosts = params.get("hosts");
    if (hosts != null) {
      JsonArray list = new JsonArray();
      for (String host : hosts.split(",")) {
        String[] parts = host.split(":", 2);
        list.add(new JsonObject().put("name", parts[0].trim()).put("voice", parts.length > 1 ? parts[1].trim() : "alloy"));
      }
      json.put("hosts", list);
    }
    return json.isEmpty() ? null : json;
  }

  /**
   * A script edit: {@code {"edits":[...]}}, each {@code {"segment","turn","text"?,"host"?}} (a change),
   * {@code {"segment","insert_after","host","text"}} (a new turn; {@code insert_after} -1 puts it first) or
   * {@code {"segment","turn","delete":true}}.
   */
  static ScriptEdits edits(String podcastId, JsonObject json) {
    if (!(json.getValue("edits") instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_EDITS) {
      throw new BadField("edits", "'edits' must be an array of 1 to " + MAX_EDITS + " edits");
    }
    List<ScriptEdit> edits = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "edits[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject edit)) {
        throw new BadField(at, at + " must be an object");
      }
      edits.add(edit(at, edit));
    }
    return new ScriptEdits(podcastId, edits);
  }

  private static ScriptEdit edit(String at, JsonObject edit) {
    int segment = integer(at, edit, "segment", 0);
    Object delete = edit.getValue("delete", false);
    if (!(delete instanceof Boolean remove)) {
      throw new BadField(at + ".delete", at + ": 'delete' must be true or false");
    }
    boolean insert = edit.getValue("insert_after") != null;
    if (insert == (edit.getValue("turn") != null)) {
      throw new BadField(at, at + ": give exactly one of 'turn' (to change or delete a turn) or 'insert_after' "
          + "(to add one)");
    }
    String host = text(at, edit, "host", 40);
    String text = text(at, edit, "text", MAX_TURN_CHARS);
    if (remove) {
      if (insert || host != null || text != null) {
        throw new BadField(at, at + ": a delete names only 'segment' and 'turn'");
      }
      return new ScriptEdit.Delete(segment, integer(at, edit, "turn", 0));
    }
    if (insert) {
      if (host == null || text == null) {
        throw new BadField(at, at + ": a new turn needs a 'host' and a 'text'");
      }
      return new ScriptEdit.Insert(segment, integer(at, edit, "insert_after", -1), host, text);
    }
    if (host == null && text == null) {
      throw new BadField(at, at + ": a change needs a new 'text', a new 'host', or both");
    }
    return new ScriptEdit.Change(segment, integer(at, edit, "turn", 0), host, text);
  }

  private static int integer(String at, JsonObject edit, String name, int min) {
    Object value = edit.getValue(name);
    if (!(value instanceof Integer n) || n < min) {
      throw new BadField(at + "." + name, at + ": '" + name + "' must be a whole number from " + min);
    }
    return n;
  }

  /** A non-blank string field of at most {@code max} characters, trimmed, or null when absent. */
  private static String text(String at, JsonObject edit, String name, int max) {
    Object value = edit.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank() || s.trim().length() > max) {
      throw new BadField(at + "." + name, at + ": '" + name + "' must be a non-empty string of at most " + max
          + " characters");
    }
    return s.trim();
  }
}
