package dev.nexus.knowledge;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Cuts text into passages of whole sentences, each at most a given length. */
public final class Passages {
  private Passages() {
  }

  /** The sentences of a text, trimmed, without empty ones. */
  public static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ENGLISH);
    it.setText(text);
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      String s = text.substring(start, end).replaceAll("\\s+", " ").trim();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  /** Consecutive sentences grouped into passages of at most {@code maxChars} (a longer sentence stands alone). */
  public static List<String> split(String text, int maxChars) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String sentence : sentences(text)) {
      if (current.length() > 0 && current.length() + 1 + sentence.length() > maxChars) {
        out.add(current.toString());
        current.setLength(0);
      }
      if (current.length() > 0) {
        current.append(' ');
      }
      current.append(sentence);
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
    return out;
  }
}
