package dev.nexus.synthesis.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI's voice names, which clients send unchanged: each engine maps them, in this order, to voices of its own. */
public final class OpenAiVoices {
  public static final List<String> NAMES = List.of("alloy", "ash", "ballad", "coral", "echo", "fable", "nova", "onyx",
      "sage", "shimmer", "verse", "marin", "cedar");

  private OpenAiVoices() {
  }

  /** Each of {@link #NAMES}, in order, mapped to the engine voice at the same place in {@code voices}. */
  public static Map<String, String> mappedTo(String... voices) {
    if (voices.length != NAMES.size()) {
      throw new IllegalArgumentException("one voice for each of " + NAMES + ", got " + List.of(voices));
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < voices.length; i++) {
      map.put(NAMES.get(i), voices[i]);
    }
    return Collections.unmodifiableMap(map);
  }
}
