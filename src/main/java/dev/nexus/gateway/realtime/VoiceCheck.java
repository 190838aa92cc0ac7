package dev.nexus.gateway.realtime;

import dev.nexus.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The voices the synthesis capability offers, asked once per session, so that a {@code session.update}
 * naming an unknown voice is refused at the update (like {@code /v1/audio/speech}'s 400), not later as a
 * failed response. With no synthesis capability to ask, every voice passes and synthesis decides.
 */
final class VoiceCheck {
  /** Passes every voice: before the list arrives, or with no synthesis capability to ask. */
  static final VoiceCheck UNCHECKED = new VoiceCheck(null);

  private final Set<String> ids;

  private VoiceCheck(Set<String> ids) {
    this.ids = ids;
  }

  /** Asks {@link Addresses#SYNTHESIS_VOICES}; never fails (an unanswered ask checks nothing). */
  static Future<VoiceCheck> load(Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(Addresses.SYNTHESIS_VOICES, "list")
        .map(reply -> of(reply.body().getJsonArray("data", new JsonArray())))
        .otherwise(err -> UNCHECKED);
  }

  /** A check over the {@code data} of a voice list. */
  static VoiceCheck of(JsonArray data) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < data.size(); i++) {
      if (data.getValue(i) instanceof JsonObject voice && voice.getValue("id") instanceof String id) {
        ids.add(id.toLowerCase(Locale.ROOT));
      }
    }
    return new VoiceCheck(ids);
  }

  /** Refuses an update that changes the voice to an unlisted one, naming the field the update used. */
  void requireChange(SessionConfig before, SessionConfig after, JsonObject session) {
    if (!after.voice.equals(before.voice)) {
      require(after.voice, session.containsKey("voice") ? "session.voice" : "session.audio.output.voice");
    }
  }

  /**
   * Throws an {@code invalid_value} error naming {@code param} unless the voice is listed. A
   * {@code base+variant} id (espeak-ng's variants, not listed one by one) passes when its base is listed.
   */
  void require(String voice, String param) {
    if (ids == null) {
      return;
    }
    String id = voice.toLowerCase(Locale.ROOT);
    int plus = id.indexOf('+');
    if (ids.contains(id) || plus > 0 && ids.contains(id.substring(0, plus))) {
      return;
    }
    throw ProtocolError.invalid(param, "unknown voice '" + voice + "'; GET /v1/voices lists them");
  }
}
