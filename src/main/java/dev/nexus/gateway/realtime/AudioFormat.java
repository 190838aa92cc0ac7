package dev.nexus.gateway.realtime;

import dev.nexus.audio.G711;
import io.vertx.core.json.JsonObject;

/**
 * A realtime audio format: PCM16 at 24 or 16 kHz ({@code audio/pcm}, beta {@code pcm16}), or G.711 at 8 kHz
 * ({@code audio/pcmu} / {@code audio/pcma}, beta {@code g711_ulaw} / {@code g711_alaw}).
 *
 * @param law the G.711 law, or null for PCM16
 * @param rate the sample rate of the PCM16 the format carries (8000 for G.711, once decoded)
 */
record AudioFormat(G711.Law law, int rate) {
  static final AudioFormat PCM24 = new AudioFormat(null, 24000);

  /** Reads a format in either shape; throws a {@link ProtocolError} naming {@code param} on anything else. */
  static AudioFormat parse(Object raw, String param) {
    if (raw instanceof String beta) {
      switch (beta) {
        case "pcm16" -> {
          return PCM24;
        }
        case "g711_ulaw" -> {
          return new AudioFormat(G711.Law.PCMU, 8000);
        }
        case "g711_alaw" -> {
          return new AudioFormat(G711.Law.PCMA, 8000);
        }
        default -> {
          // reported below
        }
      }
    }
    if (raw instanceof JsonObject f && f.getValue("type") instanceof String type) {
      switch (type) {
        case "audio/pcm" -> {
          Object rate = f.getValue("rate");
          if (rate == null) {
            return PCM24;
          }
          if (rate instanceof Number n && (n.intValue() == 24000 || n.intValue() == 16000) && n.doubleValue() == n.intValue()) {
            return new AudioFormat(null, n.intValue());
          }
          throw ProtocolError.invalid(param + ".rate", "the PCM rate must be 24000 or 16000 (got " + rate + ")");
        }
        case "audio/pcmu" -> {
          return new AudioFormat(G711.Law.PCMU, 8000);
        }
        case "audio/pcma" -> {
          return new AudioFormat(G711.Law.PCMA, 8000);
        }
        default -> {
          // reported below
        }
      }
    }
    throw ProtocolError.invalid(param, "the audio format must be {\"type\":\"audio/pcm\",\"rate\":24000|16000}, "
        + "{\"type\":\"audio/pcmu\"} or {\"type\":\"audio/pcma\"} (G.711, 8 kHz), or \"pcm16\", \"g711_ulaw\" or "
        + "\"g711_alaw\" (got " + raw + ")");
  }

  /** The GA shape: {@code {"type":"audio/pcm","rate":24000}} or {@code {"type":"audio/pcmu"}}. */
  JsonObject toJson() {
    if (law == null) {
      return new JsonObject().put("type", "audio/pcm").put("rate", rate);
    }
    return new JsonObject().put("type", law == G711.Law.PCMU ? "audio/pcmu" : "audio/pcma");
  }

  /** The beta name: {@code pcm16}, {@code g711_ulaw} or {@code g711_alaw}. */
  String betaName() {
    return law == null ? "pcm16" : law == G711.Law.PCMU ? "g711_ulaw" : "g711_alaw";
  }
}
