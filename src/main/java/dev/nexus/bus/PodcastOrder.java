package dev.nexus.bus;

import java.util.List;
import java.util.Locale;

/**
 * An episode to make, as the gateway parsed and checked it from a client's request: where the source comes from,
 * how long and in which style, and who hosts it (empty: the podcast capability's default hosts). The capability
 * checks it against its own limits (the longest episode, the longest source) and the voices the server has.
 *
 * @param value the topic, the pasted text or the URL, trimmed
 */
public record PodcastOrder(Kind kind, String value, double minutes, String style, List<Host> hosts) {
  /** The episode styles. */
  public static final List<String> STYLES = List.of("deep_dive", "brief", "debate");
  /** The length of an episode when the request names none. */
  public static final double DEFAULT_MINUTES = 3;
  /** The style of an episode when the request names none. */
  public static final String DEFAULT_STYLE = "deep_dive";

  /** Where the source comes from. */
  public enum Kind {
    TOPIC, TEXT, URL;

    /** The request field that names this kind ({@code topic}, {@code text}, {@code url}). */
    public String field() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A host asked for: the name listeners hear, the synthesis voice, and an optional one-line persona. */
  public record Host(String name, String voice, String persona) {
  }

  public PodcastOrder {
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
  }
}
