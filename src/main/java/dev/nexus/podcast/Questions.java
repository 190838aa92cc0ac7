package dev.nexus.podcast;

import dev.nexus.podcast.Phrases.Phrase;
import dev.nexus.podcast.Phrases.Tag;
import dev.nexus.podcast.Phrases.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the offline script's hosts say around the source's sentences: a question each sentence answers (a
 * when-question for a date, a how-many question for a count, otherwise a lead-in naming a whole noun phrase), brief
 * reactions and follow-ups. Each is a whole sentence; the stock lines rotate, so none comes back until the others
 * have been used.
 */
final class Questions {
  private static final List<String> LEAD_INS = List.of("What can you tell us about %s?",
      "What's the story behind %s?", "What should listeners know about %s?", "What do we know about %s?",
      "What stands out about %s?", "What's worth knowing about %s?", "What should we make of %s?");
  private static final List<String> COUNTS = List.of("How many %s are we talking about?", "How many %s are involved?",
      "How many %s does the source mention?");
  private static final Set<String> DURATIONS = Set.of("years", "months", "weeks", "days", "hours", "minutes",
      "seconds", "times", "metres", "meters", "kilometres", "miles");
  private static final Set<String> DAYS = Set.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
      "sunday");
  private static final List<String> REACTIONS = List.of("Right.", "I see.", "Interesting.", "Huh.", "Okay.",
      "Got it.", "Wow.", "That's quite something.", "Fair enough.", "That makes sense.", "Remarkable.", "Good point.");
  private static final List<String> NEXT = List.of("What happened next?", "And what came after that?",
      "Where did it go from there?");
  private static final List<String> WHY = List.of("Why does that matter?", "What came of that?",
      "What does that mean in practice?");
  private static final List<String> CATCH = List.of("Was there a catch?", "Is that the whole picture?",
      "Does anything complicate that?");
  private static final List<String> MORE = List.of("What else should we know?", "Is there more to it?",
      "What else does the source say?");
  private static final List<String> COUNTERS = List.of("I'd weigh it differently.", "I'm not sure that's the whole "
      + "story.", "Let me push back on that.", "The source gives the other side too.", "That cuts both ways.");
  private static final Set<String> DATE_PREPS = Set.of("in", "on", "by", "during", "until", "since", "after",
      "before", "around", "from", "at");
  private static final Set<String> MONTHS = Set.of("january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december");

  private final Phrases phrases;
  private final Map<List<String>, Integer> turns = new HashMap<>();
  private final int seed;

  Questions(Phrases phrases, int seed) {
    this.phrases = phrases;
    this.seed = Math.floorMod(seed, 997);
  }

  /** The next line of a stock list: every line is used once before any is used again. */
  String next(List<String> lines) {
    int n = turns.merge(lines, 1, Integer::sum) - 1;
    return lines.get((n + seed) % lines.size());
  }

  String reaction() {
    return next(REACTIONS);
  }

  String counter() {
    return next(COUNTERS);
  }

  /** A follow-up that asks for the sentence {@code following}, by how that sentence begins. */
  String followUp(String following) {
    String first = following.split("\\s+")[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    if (Set.of("then", "later", "after", "afterwards", "eventually", "finally", "by", "since", "within").contains(first)) {
      return next(NEXT);
    } else if (Set.of("because", "so", "therefore", "thus", "this", "that", "as").contains(first)) {
      return next(WHY);
    } else if (Set.of("but", "however", "yet", "still", "although", "though", "despite").contains(first)) {
      return next(CATCH);
    }
    return next(MORE);
  }

  /** A reaction that echoes a count from an answer ("Forty years!"), or null if it has none. */
  String echo(String answer) {
    for (String sentence : Phrases.sentencesOf(answer)) {
      List<Token> tokens = phrases.tag(sentence);
      for (Phrase p : Phrases.nounPhrases(tokens)) {
        Token first = tokens.get(p.from());
        if (first.tag() == Tag.NUM && !Phrases.year(first.text()) && p.plural() && p.to() - p.from() <= 3) {
          return Character.toUpperCase(p.text().charAt(0)) + p.text().substring(1) + "!";
        }
      }
    }
    return null;
  }

  /** The question a sentence answers, made from a whole phrase of it; null if it has no phrase to ask about. */
  String about(String sentence) {
    List<Token> tokens = phrases.tag(sentence);
    List<Phrase> nps = Phrases.nounPhrases(tokens);
    String q = when(tokens, nps);
    if (q == null) {
      q = howMany(tokens, nps);
    }
    if (q == null) {
      Phrase topic = topic(nps);
      q = topic == null ? null : String.format(Locale.ROOT, next(LEAD_INS), Phrases.inline(tokens, topic));
    }
    return q;
  }

  private static Phrase topic(List<Phrase> nps) {
    for (Phrase p : nps) {
      if (p.from() == 0 && (p.proper() || p.to() - p.from() >= 2)) {
        return p;
      }
    }
    return nps.stream().filter(Phrase::proper).findFirst()
        .orElse(nps.stream().filter(p -> p.to() - p.from() >= 2).findFirst().orElse(null));
  }

  private static int yearAt(List<Token> tokens) {
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).tag() == Tag.NUM && Phrases.year(tokens.get(i).text()) || DAYS.contains(tokens.get(i).lower())) {
        return i;
      }
    }
    return -1;
  }

  private static boolean containsYear(List<Token> tokens, Phrase p) {
    return tokens.subList(p.from(), p.to()).stream().anyMatch(t -> Phrases.year(t.text()));
  }

  /** "When was the lighthouse built?", "When did Voyager 2 visit Neptune?", else "What happened in 1901?". */
  private String when(List<Token> tokens, List<Phrase> nps) {
    int year = yearAt(tokens);
    if (year < 0) {
      return null;
    }
    Phrase subject = nps.isEmpty() || nps.get(0).from() != 0 || containsYear(tokens, nps.get(0)) ? null : nps.get(0);
    while (subject != null && subject.to() + 1 < tokens.size() && tokens.get(subject.to()).tag() == Tag.PREP) {
      Phrase head = subject; // "the lighthouse at Cape Mora"
      Phrase more = nps.stream().filter(p -> p.from() == head.to() + 1 && !containsYear(tokens, p)).findFirst()
          .orElse(null);
      if (more == null) {
        break;
      }
      subject = new Phrase(Questions.join(tokens, head.from(), more.to()), head.from(), more.to(), head.proper()
          || more.proper(), head.plural());
    }
    if (subject != null && subject.to() + 1 < tokens.size()) {
      String s = Phrases.inline(tokens, subject);
      Phrase subj = subject;
      Token verb = tokens.get(subject.to());
      int next = subject.to() + 1;
      while (next < tokens.size() && tokens.get(next).tag() == Tag.ADV) {
        next++;
      }
      if (Set.of("was", "were").contains(verb.lower()) && next < tokens.size()
          && (tokens.get(next).lower().endsWith("ed") || Phrases.IRREGULAR.containsKey(tokens.get(next).lower()))
          && tokens.get(next).tag() != Tag.PROPER) {
        return "When " + verb.lower() + " " + s + " " + tokens.get(next).lower() + "?";
      }
      String base = verb.tag() == Tag.VERB ? Phrases.base(verb.text()) : null;
      if (base != null) {
        String object = nps.stream().filter(p -> p.from() == subj.to() + 1 && !containsYear(tokens, p))
            .findFirst().map(p -> " " + Phrases.inline(tokens, p)).orElse("");
        return "When did " + s + " " + base + object + "?";
      }
    }
    for (Phrase p : nps) { // "during the great storm of 1901"
      if (containsYear(tokens, p) && p.from() > 0 && DATE_PREPS.contains(tokens.get(p.from() - 1).lower())) {
        return "What happened " + tokens.get(p.from() - 1).lower() + " " + Phrases.inline(tokens, p) + "?";
      }
    }
    int from = year;
    while (from > 0 && (MONTHS.contains(tokens.get(from - 1).lower()) || tokens.get(from - 1).text().matches("\\d{1,2}")
        || tokens.get(from - 1).lower().equals("the"))) {
      from--;
    }
    if (from > 0 && DATE_PREPS.contains(tokens.get(from - 1).lower())) {
      return "What happened " + tokens.get(from - 1).lower() + " " + join(tokens, from, year + 1) + "?";
    }
    return null;
  }

  /** "How many fishing boats found the harbour?", else "How many steps are we talking about?". */
  private String howMany(List<Token> tokens, List<Phrase> nps) {
    for (Phrase p : nps) {
      int i = p.from();
      if (tokens.get(i).tag() == Tag.DET) {
        i++;
      }
      if (tokens.get(i).tag() != Tag.NUM || Phrases.year(tokens.get(i).text()) || !p.plural()
          || DURATIONS.contains(tokens.get(p.to() - 1).lower())) {
        continue;
      }
      while (i < p.to() && (tokens.get(i).tag() == Tag.NUM || Set.of("and", "of").contains(tokens.get(i).lower()))) {
        i++;
      }
      if (i >= p.to()) {
        continue;
      }
      String things = join(tokens, i, p.to());
      int end = tokens.size();
      while (end > 0 && tokens.get(end - 1).tag() == Tag.PUNCT) {
        end--;
      }
      boolean subject = p.from() == 0 && p.to() < end && Set.of(Tag.VERB, Tag.AUX).contains(tokens.get(p.to()).tag());
      if (subject && tokens.subList(p.to(), end).stream().noneMatch(t -> t.tag() == Tag.PUNCT && !t.text().equals(","))) {
        return "How many " + things + " " + join(tokens, p.to(), end) + "?";
      }
      return String.format(Locale.ROOT, next(COUNTS), things);
    }
    return null;
  }

  /** Tokens back into text: a space between words, none before punctuation nor inside brackets and quotes. */
  static String join(List<Token> tokens, int from, int to) {
    StringBuilder out = new StringBuilder();
    boolean quoted = false;
    for (int i = from; i < to; i++) {
      String w = tokens.get(i).text();
      boolean opens = w.equals("(") || w.equals("\"") && !quoted;
      boolean attach = i == from || tokens.get(i).tag() == Tag.PUNCT && !opens
          || Set.of("-", "(").contains(tokens.get(i - 1).text()) || w.equals("-")
          || tokens.get(i - 1).text().equals("\"") && quoted;
      quoted ^= w.equals("\"");
      out.append(attach ? "" : " ").append(w);
    }
    return out.toString();
  }

  /** The first letter up. */
  static String capital(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** The first letter down when the text starts with a function word ("The ...", "What ..."), not a name. */
  static String lowerFirst(String text, Phrases phrases) {
    List<Token> t = phrases.tag(text);
    return t.isEmpty() || Set.of(Tag.PROPER, Tag.WORD, Tag.NUM).contains(t.get(0).tag()) ? text
        : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  /** The questions in a text: its sentences that end with a question mark. */
  static List<String> questionsIn(String text) {
    List<String> out = new ArrayList<>();
    for (String s : Phrases.sentencesOf(text)) {
      if (s.endsWith("?")) {
        out.add(s);
      }
    }
    return out;
  }
}
