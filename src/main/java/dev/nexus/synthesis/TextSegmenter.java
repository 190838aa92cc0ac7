package dev.nexus.synthesis;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into sentences, and long sentences into clauses, so the first audio can leave while
 * the rest is still being synthesized.
 */
public final class TextSegmenter {
  /** A piece of the text and where it starts in the whole, in chars. */
  public record Segment(String text, int offset) {
  }

  private final int maxClauseChars;

  public TextSegmenter(int maxClauseChars) {
    this.maxClauseChars = maxClauseChars;
  }

  /** The non-blank sentences and clauses of the text, in order, with their offsets. */
  public List<Segment> split(String text) {
    List<Segment> out = new ArrayList<>();
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
    sentences.setText(text);
    int start = sentences.first();
    for (int end = sentences.next(); end != BreakIterator.DONE; start = end, end = sentences.next()) {
      clauses(text, start, end, out);
    }
    return out;
  }

  private void clauses(String text, int start, int end, List<Segment> out) {
    while (end - start > maxClauseChars) {
      int cut = -1;
      for (int i = start + maxClauseChars; i > start + maxClauseChars / 3; i--) {
        char c = text.charAt(i - 1);
        if ((c == ',' || c == ';' || c == ':' || c == '—') && Character.isWhitespace(text.charAt(i))) {
          cut = i;
          break;
        }
      }
      if (cut < 0) {
        cut = text.lastIndexOf(' ', start + maxClauseChars);
        if (cut <= start) {
          cut = start + maxClauseChars;
        }
      }
      add(text, start, cut, out);
      start = cut;
    }
    add(text, start, end, out);
  }

  private static void add(String text, int start, int end, List<Segment> out) {
    while (start < end && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
      end--;
    }
    if (end > start) {
      out.add(new Segment(text.substring(start, end), start));
    }
  }
}
