package dev.nexus.podcast;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A podcast episode's script: who talks, in which order, and after synthesis where each turn and
 * each word sits in the episode's audio. Serialises to and from JSON with Jackson, losslessly; the
 * format is documented in docs/PODCAST.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodcastScript(int version, String id, String title, Source source, String style, double minutes,
    List<Host> hosts, List<Segment> segments, Audio audio) {

  /** The format version this code writes. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.INDENT_OUTPUT, true);

  public PodcastScript {
    hosts = List.copyOf(hosts);
    segments = List.copyOf(segments);
  }

  /** What the episode is about: a topic, a pasted text or a URL, and the text it was made from. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Source(String kind, String value, String text) {
  }

  /** A host: the name listeners hear, the synthesis voice, and a one-line persona for the LLM. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Host(String name, String voice, String persona) {
  }

  /** A part of the episode with a title and its turns. */
  public record Segment(String title, List<Turn> turns) {
    public Segment {
      turns = List.copyOf(turns);
    }
  }

  /** One host speaking; after synthesis, where it sits in the episode audio and where its words start. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Turn(String host, String text, Long startMs, Long endMs, List<Word> words) {
    public Turn {
      words = words == null ? null : List.copyOf(words);
    }

    public static Turn of(String host, String text) {
      return new Turn(host, text, null, null, null);
    }
  }

  /** A word of a turn: its character offset in the turn's text and where it starts in the episode. */
  public record Word(String word, int offset, long startMs) {
  }

  /** The rendered episode: its sample rate and length. */
  public record Audio(int sampleRate, long durationMs) {
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PodcastScript fromJson(String json) {
    try {
      return JSON.readValue(json, PodcastScript.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a podcast script: " + e.getMessage(), e);
    }
  }

  /** The host named {@code name}. */
  public Host host(String name) {
    return hosts.stream().filter(h -> h.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no host named " + name));
  }

  /** Every turn in order. */
  public List<Turn> turns() {
    List<Turn> all = new ArrayList<>();
    segments.forEach(s -> all.addAll(s.turns()));
    return all;
  }

  /** The transcript as text: one line per turn with the speaker and, once rendered, the time. */
  public String transcript() {
    StringBuilder out = new StringBuilder(title).append("\n\n");
    for (Segment segment : segments) {
      out.append("## ").append(segment.title()).append("\n\n");
      for (Turn turn : segment.turns()) {
        if (turn.startMs() != null) {
          long s = turn.startMs() / 1000;
          out.append(String.format(Locale.ROOT, "[%02d:%02d] ", s / 60, s % 60));
        }
        out.append(turn.host()).append(": ").append(turn.text()).append("\n");
      }
      out.append("\n");
    }
    return out.toString();
  }

  /** This script with its segments replaced. */
  public PodcastScript withSegments(List<Segment> newSegments, Audio newAudio) {
    return new PodcastScript(version, id, title, source, style, minutes, hosts, newSegments, newAudio);
  }
}
