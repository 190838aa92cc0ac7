package dev.nexus.text;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one sentence splitter: text into sentences (by the locale's sentence rules, so "Dr. Smith" stays whole), and
 * long sentences into clauses, so the first audio can leave while the rest is still being synthesized. A
 * {@link Cutter} applies the same rules to text that arrives in pieces (a model's tokens).
 */
public final class Sentences {
  /** A piece of the text and where it starts in the whole, in chars. */
  public record Segment(String text, int offset) {
  }

  private final int maxClauseChars;

  public Sentences(int maxClauseChars) {
    this.maxClauseChars = maxClauseChars;
  }

  /** Titles and abbreviations after which a full stop does not end the sentence. */
  private static final Set<String> ABBREVIATIONS = Set.of("mr", "mrs", "ms", "dr", "prof", "st", "mt", "jr", "sr",
      "vs", "e.g", "i.e", "no", "fig", "approx", "gen", "col", "capt", "lt", "sgt", "rev", "hon");

  /** The non-blank sentences and clauses of the text, in order, with their offsets. */
  public List<Segment> split(String text) {
    List<Segment> out = new ArrayList<>();
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
    sentences.setText(text);
    int start = sentences.first();
    for (int end = sentences.next(); end != BreakIterator.DONE; end = sentences.next()) {
      if (end < text.length() && abbreviationBefore(text, end)) {
        continue; // "Dr. Smith": the sentence goes on
      }
      clauses(text, start, end, out);
      start = end;
    }
    return out;
  }

  /** Whether the text before {@code end} (trailing spaces aside) is an abbreviation with its full stop. */
  private static boolean abbreviationBefore(String text, int end) {
    int dot = end;
    while (dot > 0 && Character.isWhitespace(text.charAt(dot - 1))) {
      dot--;
    }
    if (dot == 0 || text.charAt(dot - 1) != '.') {
      return false;
    }
    int word = dot - 1;
    while (word > 0 && !Character.isWhitespace(text.charAt(word - 1))) {
      word--;
    }
    return ABBREVIATIONS.contains(text.substring(word, dot - 1).toLowerCase(Locale.ROOT));
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

  /** A cutter for text that arrives in pieces, with these rules. */
  public Cutter cutter() {
    return new Cutter();
  }

  /**
   * Cuts streaming text into the same sentences and clauses as {@link #split}: a sentence leaves once the text after
   * it has begun (so its end is certain), a clause once it is too long to wait for, and the rest on {@link #flush}.
   */
  public final class Cutter {
    private final StringBuilder pending = new StringBuilder();

    private Cutter() {
    }

    /** Adds a piece of text; returns the sentences it completed, in order. */
    public List<String> add(String piece) {
      pending.append(piece);
      List<Segment> parts = split(pending.toString());
      int keep = parts.isEmpty() ? 0 : parts.size() - 1;
      Segment last = parts.isEmpty() ? null : parts.get(keep);
      if (last != null && last.text().length() >= maxClauseChars && last.offset() + last.text().length() < pending.length()) {
        keep++; // a full-length clause followed by more text cannot grow
      }
      return take(parts, keep);
    }

    /** The text still waiting, as its final sentences. */
    public List<String> flush() {
      return take(split(pending.toString()), Integer.MAX_VALUE);
    }

    private List<String> take(List<Segment> parts, int count) {
      List<String> out = new ArrayList<>();
      int consumed = 0;
      for (int i = 0; i < Math.min(count, parts.size()); i++) {
        out.add(parts.get(i).text());
        consumed = parts.get(i).offset() + parts.get(i).text().length();
      }
      pending.delete(0, count >= parts.size() ? pending.length() : consumed);
      return out;
    }
  }
}
