package dev.nexus.gateway.realtime;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tells the assistant's own voice, picked up by the user's microphone, from real user speech: an
 * utterance whose words mostly appear among the words the assistant sent recently is an echo.
 */
final class EchoGuard {
  private final int memoryWords;
  private final double minOverlap;
  private final Deque<String> recent = new ArrayDeque<>();

  /**
   * @param memoryWords how many of the assistant's last words to remember
   * @param minOverlap the share of an utterance's words that must be recent assistant words for an echo
   */
  EchoGuard(int memoryWords, double minOverlap) {
    this.memoryWords = memoryWords;
    this.minOverlap = minOverlap;
  }

  /** Remembers words the assistant has sent. */
  void spoken(String text) {
    for (String w : words(text)) {
      recent.addLast(w);
      if (recent.size() > memoryWords) {
        recent.removeFirst();
      }
    }
  }

  /** True if {@code transcript} is (mostly) the assistant's own recent words. Blank is not an echo. */
  boolean isEcho(String transcript) {
    List<String> heard = words(transcript);
    if (heard.isEmpty() || recent.isEmpty()) {
      return false;
    }
    Set<String> known = new HashSet<>(recent);
    long matching = heard.stream().filter(known::contains).count();
    return matching >= Math.ceil(minOverlap * heard.size());
  }

  static List<String> words(String text) {
    if (text == null) {
      return List.of();
    }
    return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")).filter(w -> !w.isEmpty()).toList();
  }
}
