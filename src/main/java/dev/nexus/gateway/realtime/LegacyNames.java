package dev.nexus.gateway.realtime;

import java.util.Map;

/** The beta protocol's names for the server events that OpenAI renamed in the GA protocol. */
final class LegacyNames {
  private LegacyNames() {
  }

  private static final Map<String, String> BETA = Map.of(
      "response.output_audio.delta", "response.audio.delta",
      "response.output_audio.done", "response.audio.done",
      "response.output_audio_transcript.delta", "response.audio_transcript.delta",
      "response.output_audio_transcript.done", "response.audio_transcript.done",
      "response.output_text.delta", "response.text.delta",
      "response.output_text.done", "response.text.done",
      "conversation.item.added", "conversation.item.created");

  /** The beta name of a GA event type (the type itself where nothing changed). */
  static String of(String type) {
    return BETA.getOrDefault(type, type);
  }
}
