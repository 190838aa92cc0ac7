package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The offline script (no generative model) on three kinds of source, news, encyclopedic and technical: only the
 * source's sentences are answered, every question is a whole sentence (checked by the rule in
 * {@link #fragmentProblem}), titles are whole phrases, the stock lines do not repeat, and the styles differ.
 */
class OfflineScriptTest {
  static final List<String> SOURCES = List.of("news", "encyclopedic", "technical");
  static final List<PodcastScript.Host> HOSTS = List.of(new PodcastScript.Host("Alex", "alloy", null),
      new PodcastScript.Host("Sam", "nova", null));

  /** Words that may not end a question or a title: articles, possessives, prepositions, conjunctions. */
  static final Set<String> FUNCTION = Set.of("the", "a", "an", "its", "his", "her", "their", "our", "my", "your",
      "and", "or", "but", "of", "in", "on", "at", "to", "with", "by", "for", "from", "this", "that", "these", "those",
      "than", "as", "into", "during", "is", "are", "was", "were", "be", "has", "have", "had", "not", "very");
  /** Verb forms that, inside a noun phrase, make it a fragment ("power comes", "Voyager carries", "bees live"). */
  static final Set<String> VERB_FORMS = Set.of("comes", "carries", "lives", "live", "lays", "makes", "uses", "takes",
      "gives", "keeps", "finds", "holds", "goes", "gets", "runs", "says", "shows", "becomes", "grows", "receives",
      "records", "writes", "waits", "collects", "tells", "knows", "works", "spends", "raises", "sits", "crashes",
      "counts", "replays", "brings", "cost", "came", "went", "gave", "took", "made", "kept", "found", "built", "said",
      "spent", "led", "tore", "cut", "promised", "decoded", "reported", "learned");
  static final Set<String> FINITE = Set.of("is", "are", "was", "were", "did", "does", "do", "can", "could", "should",
      "would", "will", "has", "have", "had", "happened", "stands", "matter", "matters", "came", "go", "goes", "see",
      "know", "tell", "mean", "complicate");
  static final Set<String> PRONOUNS = Set.of("you", "we", "it", "that", "there", "anything", "what", "they", "he",
      "she", "i");

  static String resource(String name) throws IOException {
    try (InputStream in = OfflineScriptTest.class.getResourceAsStream("/podcast/" + name + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static PodcastScript script(String source, double minutes, String style, List<PodcastScript.Host> hosts) {
    return new OfflineScript(new ScriptGenerator.Request("pod_offline1234567", new PodcastScript.Source("text", "x",
        source), minutes, style, hosts)).write();
  }

  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}',.-]+")) {
      String clean = w.replaceAll("^[',.-]+|[',.-]+$", "");
      if (!clean.isEmpty()) {
        out.add(clean);
      }
    }
    return out;
  }

  /**
   * Why a question is a fragment, or null if it is whole. A whole question starts with a capital and ends with one
   * question mark; it has a finite verb and a subject (a pronoun, or a word that is neither the verb nor a function
   * word); no word right after a lead-in's preposition is a bare verb form (-ed, -ing, or a listed form: "about
   * visited Uranus"); no verb form follows a noun inside its phrase ("power comes"); it does not end on a function
   * word; and no number is a piece of one (",000", "000 eggs").
   */
  static String fragmentProblem(String question) {
    if (!question.matches("\\p{Lu}[^?]*\\?")) {
      return "does not start with a capital and end with one question mark";
    }
    List<String> w = words(question.substring(0, question.length() - 1));
    String last = w.isEmpty() ? "" : w.get(w.size() - 1);
    boolean pronounObject = last.equals("that") && w.size() > 1 && (FINITE.contains(w.get(w.size() - 2))
        || Set.of("of", "after").contains(w.get(w.size() - 2))); // "Does anything complicate that?", "What came of that?"
    if (w.isEmpty() || FUNCTION.contains(last) && !last.equals("about") && !pronounObject) {
      return "ends on a function word";
    }
    int verb = -1;
    for (int i = 0; i < w.size(); i++) {
      String x = w.get(i);
      if (FINITE.contains(x) || x.endsWith("'s") && i == 0 || x.endsWith("ed") && x.length() > 4
          || VERB_FORMS.contains(x) && i > 0 && Set.of("many", "did", "does", "do").stream().noneMatch(w::contains)) {
        verb = i;
        break;
      }
    }
    if (verb < 0) {
      return "has no finite verb";
    }
    int v = verb;
    boolean subject = false;
    for (int i = 0; i < w.size(); i++) {
      if (i != v && (PRONOUNS.contains(w.get(i)) || !FUNCTION.contains(w.get(i)) && !FINITE.contains(w.get(i))
          && !Set.of("when", "how", "why", "where", "which", "many", "and", "so").contains(w.get(i)))) {
        subject = true;
      }
    }
    if (!subject) {
      return "has no subject";
    }
    for (int i = 0; i + 1 < w.size(); i++) {
      String next = w.get(i + 1);
      if (Set.of("about", "behind", "with").contains(w.get(i)) && (next.endsWith("ed") && next.length() > 4
          || next.endsWith("ing") && next.length() > 5 || VERB_FORMS.contains(next))) {
        return "a lead-in names a verb, not a phrase: '" + next + "'";
      }
    }
    boolean passive = w.size() > 2 && w.get(0).equals("when") && Set.of("was", "were").contains(w.get(1));
    for (int i = v + 1; i + 1 < w.size() - (passive ? 1 : 0); i++) { // "When was the hall built?" ends on its verb
      if (VERB_FORMS.contains(w.get(i + 1)) && !FUNCTION.contains(w.get(i)) && !FINITE.contains(w.get(i))
          && !PRONOUNS.contains(w.get(i)) && !w.contains("many")) {
        return "a phrase runs into a verb: '" + w.get(i) + " " + w.get(i + 1) + "'";
      }
    }
    if (question.matches(".*(^|[^\\d])[,.]?000\\b.*") || question.matches(".*\\s,\\d.*")) {
      return "has a piece of a number";
    }
    return null;
  }

  /** Why a title is not a whole phrase of the source, or null: it is in the source and does not stop mid-phrase. */
  static String titleProblem(String title, String source) {
    String flat = source.replaceAll("[ \\t]+", " ");
    int at = flat.toLowerCase(Locale.ROOT).indexOf(title.toLowerCase(Locale.ROOT));
    if (at < 0) {
      return "is not a phrase of the source";
    }
    List<String> w = words(title);
    String last = w.get(w.size() - 1);
    if (FUNCTION.contains(last) || VERB_FORMS.contains(last) || last.endsWith("ly")) {
      return "ends on '" + last + "'";
    }
    String after = flat.substring(at + title.length());
    if (after.matches("^ \\p{Lu}\\p{Ll}.*") || after.matches("^[-'’]\\p{L}.*")) {
      return "stops before the phrase ends: '" + title + after.substring(0, Math.min(12, after.length())) + "'";
    }
    return null;
  }

  @Test
  void theFragmentRuleCatchesTheOldTemplates() {
    for (String bad : List.of("And what about visited Uranus?", "So what is the story with power comes?",
        "And what about 000 eggs?", "How does Voyager carries fit into all this?", "What about the?",
        "what is it?", "The bees live in?")) {
      assertThat(fragmentProblem(bad)).as(bad).isNotNull();
    }
    assertThat(titleProblem("Great Barrier", "The Great Barrier Reef is large.")).isNotNull();
    assertThat(titleProblem("Honeybees live", "Honeybees live in colonies.")).isNotNull();
    assertThat(titleProblem("The western honeybee", "The western honeybee is social.")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"news", "encyclopedic", "technical"})
  void everyQuestionIsAWholeSentenceAndEveryAnswerASentenceOfTheSource(String kind) throws IOException {
    String source = resource(kind);
    Set<String> sentences = new HashSet<>(Phrases.sentencesOf(source));
    for (String style : dev.nexus.bus.PodcastOrder.STYLES) {
      PodcastScript script = script(source, 3, style, HOSTS);
      int questions = 0;
      for (PodcastScript.Turn turn : script.turns()) {
        for (String q : Questions.questionsIn(turn.text())) {
          String asked = q.replaceFirst("^(Alex|Sam), ", "");
          asked = Character.toUpperCase(asked.charAt(0)) + asked.substring(1);
          assertThat(fragmentProblem(asked)).as(kind + "/" + style + ": " + q).isNull();
          questions++;
        }
        if (turn.host().equals("Sam") && !style.equals("debate")) {
          assertThat(Phrases.sentencesOf(turn.text())).as(turn.text()).allMatch(sentences::contains);
        }
      }
      assertThat(questions).as(kind + "/" + style + " questions").isGreaterThanOrEqualTo(3);
      assertThat(titleProblem(script.title(), source)).as(script.title()).isNull();
      script.segments().forEach(s -> assertThat(titleProblem(s.title(), source)).as(kind + " " + s.title()).isNull());
      assertThat(script.segments().stream().map(PodcastScript.Segment::title).distinct().count())
          .isEqualTo(script.segments().size());
    }
  }

  @Test
  void datesGetWhenQuestionsAndCountsHowManyQuestions() throws IOException {
    Questions questions = new Questions(new Phrases(PodcastScriptTest.SOURCE), 0);
    assertThat(questions.about("The lighthouse at Cape Mora was built in 1852 on a cliff of black basalt."))
        .isEqualTo("When was the lighthouse at Cape Mora built?");
    assertThat(questions.about("Eleven fishing boats found the harbour by her light."))
        .isEqualTo("How many fishing boats found the harbour by her light?");
    assertThat(questions.about("During the great storm of 1901 the lamp's clockwork failed."))
        .isEqualTo("What happened during the great storm of 1901?");
    Questions bees = new Questions(new Phrases(resource("encyclopedic")), 0);
    assertThat(bees.about("The queen can lay up to 2,000 eggs a day in spring."))
        .isEqualTo("How many eggs are we talking about?");
  }

  @Test
  void theStylesDifferAndTheStockLinesDoNotRepeatWithinAMinute() throws IOException {
    String source = resource("encyclopedic");
    PodcastScript brief = script(source, 3, "brief", HOSTS);
    PodcastScript deep = script(source, 3, "deep_dive", HOSTS);
    PodcastScript debate = script(source, 3, "debate", List.of(new PodcastScript.Host("Ana", "alloy", null),
        new PodcastScript.Host("Ben", "nova", null), new PodcastScript.Host("Cleo", "echo", null)));
    assertThat(mean(brief, "Alex")).as("brief questions come without reactions").isLessThan(mean(deep, "Alex"));
    assertThat(brief.turns().subList(1, brief.turns().size() - 1)).filteredOn(t -> t.host().equals("Alex"))
        .allSatisfy(t -> assertThat(Phrases.sentencesOf(t.text().replaceFirst("^Let's move on to [^.]+\\. ", "")))
            .hasSize(1));
    assertThat(deep.turns().stream().filter(t -> t.host().equals("Alex")).map(PodcastScript.Turn::text)
        .filter(t -> t.matches(".*(next|of that|more to it|should we know|picture|catch|practice|from there|source say)\\?"))
        .count())
        .as("follow-up questions in the deep dive").isGreaterThanOrEqualTo(2);
    assertThat(debate.turns().stream().map(PodcastScript.Turn::host).distinct()).contains("Ana", "Ben", "Cleo");
    assertThat(debate.turns().stream().filter(t -> t.text().matches("(I'd|I'm not|Let me|The source gives|That cuts).*"))
        .count()).as("counter-arguments in the debate").isGreaterThanOrEqualTo(2);
    assertThat(brief.turns().get(0).text()).isNotEqualTo(deep.turns().get(0).text());
    // no stock line (a reaction, a lead-in) comes back within ten turns
    List<PodcastScript.Turn> turns = deep.turns();
    for (int i = 0; i < turns.size(); i++) {
      String line = stock(turns.get(i).text());
      for (int j = Math.max(0, i - 10); j < i && line != null; j++) {
        assertThat(stock(turns.get(j).text())).as("turn " + i + " repeats turn " + j).isNotEqualTo(line);
      }
    }
  }

  /** A turn's lines without its source phrases: the first sentence's first four words. */
  private static String stock(String text) {
    String[] w = text.split("\\s+");
    return w.length < 4 ? text : String.join(" ", List.of(w).subList(0, 4));
  }

  private static double mean(PodcastScript script, String host) {
    return script.turns().stream().filter(t -> t.host().equals(host)).mapToInt(t -> OfflineScript.words(t.text()))
        .average().orElse(0);
  }

  @Test
  void theEpisodeComesCloseToItsLengthWhereTheSourceAllowsAndSaysSoWhereItDoesNot() throws IOException {
    String all = String.join("\n", resource("news"), resource("encyclopedic"), resource("technical"));
    for (double minutes : new double[] {1, 2, 3}) {
      PodcastScript script = script(all, minutes, "deep_dive", HOSTS);
      assertThat(ScriptGenerator.estimatedMinutes(script)).as(minutes + " minutes")
          .isBetween(minutes * 0.75, minutes * 1.25);
      assertThat(ScriptGenerator.lengthNote(script)).isNull();
    }
    PodcastScript short1 = script(PodcastScriptTest.SOURCE, 5, "deep_dive", HOSTS);
    assertThat(ScriptGenerator.lengthNote(short1)).matches("the source covers about (half a minute|1 minute|2 minutes)");
  }
}
