package dev.nexus.podcast;

import dev.nexus.knowledge.Passages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule-based English phrase finding for the offline script: words are tagged by closed-class word lists, a few
 * verb lists and suffix and position rules, and noun phrases are the runs that can only be whole phrases (they end
 * on a noun, never on a verb, preposition or determiner). Where a word is ambiguous the rules lean towards calling it
 * a verb: a phrase is then missed, never cut into a fragment.
 */
final class Phrases {
  /** A word class. WORD is an open-class word taken as a noun or adjective. */
  enum Tag { DET, PRON, PREP, CONJ, AUX, VERB, ADV, NUM, PROPER, WORD, PUNCT }

  /** A token and its class. */
  record Token(String text, Tag tag) {
    String lower() {
      return text.toLowerCase(Locale.ROOT);
    }
  }

  /** A noun phrase: its words and where it lies in the sentence's tokens ({@code to} exclusive). */
  record Phrase(String text, int from, int to, boolean proper, boolean plural) {
  }

  private static final Pattern TOKEN = Pattern.compile("\\d[\\d,.]*\\d(?:s\\b)?|\\d|\\p{L}[\\p{L}\\p{N}'’-]*|[^\\s\\p{L}\\p{N}]");
  private static final Pattern YEAR = Pattern.compile("(1[0-9]{3}|20[0-9]{2})s?");
  static final Set<String> DET = Set.of("the", "a", "an", "this", "these", "those", "its", "his", "her", "their",
      "our", "my", "your", "every", "each", "some", "any", "no", "both", "several", "another", "such", "all", "many",
      "most", "few", "whose", "other");
  static final Set<String> PRON = Set.of("he", "she", "it", "they", "we", "i", "you", "him", "them", "us", "me",
      "who", "which", "what", "that", "there", "here", "one", "itself", "themselves", "himself", "herself");
  static final Set<String> PREP = Set.of("of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "onto",
      "over", "under", "after", "before", "during", "since", "until", "about", "across", "through", "between",
      "among", "against", "without", "within", "along", "around", "behind", "beyond", "near", "per", "via", "than",
      "like", "as", "despite", "toward", "towards", "upon", "off", "out", "up", "down", "below", "above", "inside");
  static final Set<String> CONJ = Set.of("and", "or", "but", "nor", "yet", "so", "because", "while", "although",
      "though", "whereas", "if", "when", "where", "unless", "whether", "then", "how", "why");
  static final Set<String> AUX = Set.of("is", "are", "was", "were", "be", "been", "being", "am", "has", "have",
      "had", "do", "does", "did", "can", "could", "will", "would", "shall", "should", "may", "might", "must",
      "cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't");
  static final Set<String> ADV = Set.of("not", "also", "still", "now", "only", "just", "even", "very", "often",
      "never", "always", "already", "today", "later", "soon", "too", "ago", "almost", "nearly", "again", "once",
      "however", "instead", "mostly", "perhaps", "rather", "quite", "ever", "far", "much", "more", "less", "least",
      "well", "yesterday", "tomorrow", "therefore", "thus", "meanwhile", "eventually", "finally");
  static final Set<String> NUMBERS = Set.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
      "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
      "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million",
      "billion", "dozen", "dozens", "hundreds", "thousands", "millions", "billions");
  /** Irregular past forms with their base form (one per line of the table: past, base). */
  static final Map<String, String> IRREGULAR = table("built build found find gave give took take made make "
      + "became become began begin wrote write won win lost lose left leave came come went go kept keep ran run "
      + "saw see sent send brought bring held hold led lead fell fall grew grow rose rise sold sell bought buy "
      + "spent spend told tell struck strike flew fly drove drive broke break chose choose met meet paid pay said say "
      + "thought think taught teach caught catch fought fight stood stand sank sink threw throw wore wear shot shoot "
      + "got get knew know drew draw ate eat slept sleep sat sit spoke speak stole steal swam swim bore bear "
      + "froze freeze hung hang laid lay lent lend meant mean rode ride rang ring sang sing shone shine shook shake "
      + "sprang spring stuck stick swept sweep tore tear woke wake withdrew withdraw overtook overtake undertook "
      + "undertake forgot forget forgave forgive");
  /** Other verb forms common in expository text that the suffix rules miss. */
  static final Set<String> VERBS = words("done gone taken given made seen known shown grown flown drawn written "
      + "driven chosen broken spoken frozen stolen begun sung sunk swum thrown worn born borne beaten forgotten "
      + "become come run let put set cut hit hurt cost spread shut split quit read lets puts sets cuts hits costs "
      + "spreads live lives lay lays make makes use uses take takes give gives keep keeps find finds hold holds "
      + "carry carries come comes go goes get gets run runs say says see sees show shows seem seems remain remains "
      + "include includes contain contains need needs mean means help helps allow allows become becomes lie lies "
      + "develop develops reopen reopens share shares tell tells slow slows rise rises fall falls grow grows produce produces provide provides feed feeds lay lays build builds "
      + "form forms turn turns move moves work works depend depends reach reaches stay stays leave leaves bring "
      + "brings let call calls tell tells know knows think thinks want wants try tries begin begins eat eats");
  private static final Set<String> LY_NOUNS = words("family italy july supply assembly reply butterfly monopoly "
      + "anomaly belly jelly bully holly lily ally rally tally emily billy sally molly kelly fly only early daily "
      + "weekly monthly yearly");

  private final Set<String> properNames;

  /** @param source the whole text: a word it capitalises mid-sentence is a name at a sentence's start too */
  Phrases(String source) {
    properNames = new HashSet<>();
    for (String sentence : sentencesOf(source)) {
      List<String> words = rawTokens(sentence);
      for (int i = 1; i < words.size(); i++) {
        String w = words.get(i);
        if (Character.isUpperCase(w.charAt(0)) && closedClass(w.toLowerCase(Locale.ROOT)) == null
            && !words.get(i - 1).matches("[.:;!?\"“]")) {
          properNames.add(w);
        }
      }
    }
  }

  static List<String> sentencesOf(String text) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\\n\\s*")) {
      out.addAll(Passages.sentences(line));
    }
    return out;
  }

  private static List<String> rawTokens(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  private static Tag closedClass(String lower) {
    if (DET.contains(lower)) {
      return Tag.DET;
    } else if (PRON.contains(lower)) {
      return Tag.PRON;
    } else if (PREP.contains(lower)) {
      return Tag.PREP;
    } else if (CONJ.contains(lower)) {
      return Tag.CONJ;
    } else if (AUX.contains(lower)) {
      return Tag.AUX;
    } else if (ADV.contains(lower)) {
      return Tag.ADV;
    }
    return null;
  }

  /** The sentence's tokens with their classes. */
  List<Token> tag(String sentence) {
    List<String> words = rawTokens(sentence);
    List<Token> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      String lower = w.toLowerCase(Locale.ROOT).replace('’', '\'');
      Tag previous = i == 0 ? null : out.get(i - 1).tag();
      Tag closed = closedClass(lower);
      Tag tag;
      if (!Character.isLetterOrDigit(w.charAt(0))) {
        tag = Tag.PUNCT;
      } else if (Character.isDigit(w.charAt(0)) || NUMBERS.contains(lower)) {
        tag = Tag.NUM;
      } else if (closed != null) {
        tag = closed;
      } else if (Character.isUpperCase(w.charAt(0)) && (i > 0 && !words.get(i - 1).matches("[.:;!?\"“]") || properNames.contains(w)
          || i + 1 < words.size() && Character.isUpperCase(words.get(i + 1).charAt(0)) && properName(words.get(i + 1)))) {
        tag = Tag.PROPER;
      } else if (IRREGULAR.containsKey(lower) || VERBS.contains(lower) && previous != Tag.DET) {
        tag = Tag.VERB;
      } else if (lower.length() > 4 && lower.endsWith("ly") && !LY_NOUNS.contains(lower)) {
        tag = Tag.ADV;
      } else if (lower.length() > 4 && lower.endsWith("ed")) {
        tag = previous == Tag.DET || previous == Tag.NUM || previous == Tag.PREP ? Tag.WORD : Tag.VERB;
      } else if (lower.length() > 4 && lower.endsWith("ing")) {
        boolean beforeNoun = i + 1 < words.size() && Character.isLetter(words.get(i + 1).charAt(0))
            && closedClass(words.get(i + 1).toLowerCase(Locale.ROOT)) == null;
        tag = !beforeNoun && (previous == Tag.WORD || previous == Tag.PROPER || previous == Tag.AUX
            || previous == Tag.PRON) ? Tag.VERB : Tag.WORD;
      } else if (previous == Tag.PRON && i > 0 && Set.of("he", "she", "it", "they", "we", "i", "you")
          .contains(out.get(i - 1).lower()) || previous == Tag.AUX) {
        tag = Tag.VERB;
      } else {
        tag = Tag.WORD;
      }
      out.add(new Token(w, tag));
    }
    // a word after a noun and before a function word reads as a verb ("power comes from", "bees live in")
    for (int i = 1; i + 1 < out.size(); i++) {
      Token t = out.get(i);
      Tag before = out.get(i - 1).tag();
      Tag after = out.get(i + 1).tag();
      boolean afterNoun = before == Tag.PROPER || before == Tag.WORD && plural(out.get(i - 1).lower());
      boolean verbS = before == Tag.WORD && plural(t.lower()) && (Set.of(Tag.DET, Tag.PRON, Tag.PUNCT).contains(after)
          || after == Tag.PREP && !out.get(i + 1).lower().equals("of"));
      if (t.tag() == Tag.WORD && (verbS || afterNoun && Set.of(Tag.DET, Tag.PREP, Tag.PRON, Tag.NUM, Tag.ADV)
          .contains(after))) {
        out.set(i, new Token(t.text(), Tag.VERB));
      }
    }
    return out;
  }

  private boolean properName(String word) {
    return closedClass(word.toLowerCase(Locale.ROOT)) == null;
  }

  static boolean plural(String lower) {
    return lower.length() > 3 && lower.endsWith("s") && !lower.endsWith("ss") && !lower.endsWith("us")
        && !lower.endsWith("is");
  }

  static boolean year(String word) {
    return YEAR.matcher(word).matches();
  }

  /** The whole noun phrases of a tagged sentence, in order. */
  static List<Phrase> nounPhrases(List<Token> tokens) {
    List<Phrase> out = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      int end = phraseEnd(tokens, i);
      if (end > i) {
        if (end + 1 < tokens.size() && tokens.get(end).lower().equals("of")) { // "the storm of 1901"
          int more = phraseEnd(tokens, end + 1);
          if (more > end + 1) {
            end = more;
          }
        }
        Phrase p = phrase(tokens, i, end);
        if (p != null) {
          out.add(p);
        }
        i = end;
      } else {
        i++;
      }
    }
    return out;
  }

  /** Where a noun phrase starting at {@code from} ends (exclusive), or {@code from} if none starts there. */
  private static int phraseEnd(List<Token> tokens, int from) {
    int i = from;
    while (i < tokens.size() && tokens.get(i).tag() == Tag.DET) {
      i++;
    }
    int lastHead = -1;
    while (i < tokens.size()) {
      Token t = tokens.get(i);
      boolean numberAnd = t.lower().equals("and") && i > from && tokens.get(i - 1).tag() == Tag.NUM
          && i + 1 < tokens.size() && tokens.get(i + 1).tag() == Tag.NUM;
      if (t.tag() == Tag.WORD || t.tag() == Tag.PROPER || t.tag() == Tag.NUM) {
        lastHead = i;
      } else if (!numberAnd && !(t.text().equals("-") && lastHead == i - 1)) {
        break;
      }
      i++;
    }
    return lastHead < 0 ? from : lastHead + 1;
  }

  private static Phrase phrase(List<Token> tokens, int from, int to) {
    Token head = tokens.get(to - 1);
    boolean determined = tokens.get(from).tag() == Tag.DET || tokens.get(from).tag() == Tag.NUM;
    boolean proper = tokens.subList(from, to).stream().anyMatch(t -> t.tag() == Tag.PROPER);
    String lower = head.lower();
    if (head.tag() == Tag.WORD && lower.matches(".*(ous|ful|ive|able|ible|less|ish|'s|’s)") && !proper) {
      return null; // ends on an adjective: "the lamp was bright"
    }
    if (!determined && !proper && !plural(lower) && to - from < 2) {
      return null; // a lone bare word is more often an adjective or a verb than a phrase
    }
    if (to - from == 1 && head.tag() == Tag.NUM) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    for (int i = from; i < to; i++) {
      String w = tokens.get(i).text();
      boolean glue = w.equals("-") || i > from && tokens.get(i - 1).text().equals("-");
      text.append(i == from || glue ? "" : " ").append(w);
    }
    return new Phrase(text.toString(), from, to, proper, plural(lower));
  }

  /** The phrase as it reads inside a sentence: a leading determiner or common word in lower case. */
  static String inline(List<Token> tokens, Phrase phrase) {
    Token first = tokens.get(phrase.from());
    String text = phrase.text();
    return first.tag() == Tag.PROPER || first.text().equals("I") ? text
        : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  /** What a sentence is about: its first name, else its subject, else its longest determined phrase; may be null. */
  String topic(String sentence) {
    List<Token> tokens = tag(sentence);
    List<Phrase> phrases = nounPhrases(tokens);
    Phrase best = phrases.stream().filter(Phrase::proper).findFirst().orElse(null);
    if (best == null && !phrases.isEmpty() && phrases.get(0).from() == 0) {
      best = phrases.get(0);
    }
    if (best == null) {
      best = phrases.stream().filter(p -> p.to() - p.from() >= 2)
          .max(Comparator.comparingInt(p -> p.to() - p.from())).orElse(null);
    }
    return best == null ? null : inline(tokens, best);
  }

  /** The past form's base ("visited" → "visit"), or null where the rules cannot tell it safely. */
  static String base(String past) {
    String lower = past.toLowerCase(Locale.ROOT);
    if (IRREGULAR.containsKey(lower)) {
      return IRREGULAR.get(lower);
    }
    if (!lower.endsWith("ed") || lower.length() < 5) {
      return null;
    }
    String stem = lower.substring(0, lower.length() - 2);
    if (stem.endsWith("i")) {
      return stem.substring(0, stem.length() - 1) + "y";
    }
    char last = stem.charAt(stem.length() - 1);
    char before = stem.charAt(stem.length() - 2);
    if (last == before && "bdgmnprt".indexOf(last) >= 0) {
      return stem.substring(0, stem.length() - 1); // stopped → stop
    }
    boolean vowelBefore = "aeiou".indexOf(before) >= 0;
    boolean twoVowels = vowelBefore && stem.length() > 2 && "aeiou".indexOf(stem.charAt(stem.length() - 3)) >= 0;
    if ("wxy".indexOf(last) >= 0 || !vowelBefore && "aeiouvzc".indexOf(last) < 0 && "lsgu".indexOf(last) < 0
        || twoVowels || stem.endsWith("er") || stem.endsWith("en") || stem.endsWith("it") || stem.endsWith("ed")) {
      return stem;
    }
    return null;
  }

  private static Map<String, String> table(String pairs) {
    String[] w = pairs.split("\\s+");
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < w.length; i += 2) {
      map.put(w[i], w[i + 1]);
    }
    return Map.copyOf(map);
  }

  private static Set<String> words(String list) {
    return Set.copyOf(Arrays.asList(list.split("\\s+")));
  }
}
