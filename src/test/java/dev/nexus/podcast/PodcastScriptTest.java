package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.knowledge.Passages;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The script format, the outline parsing and repair, and the generator's rules, without a server. */
class PodcastScriptTest {
  static final String SOURCE = "The lighthouse at Cape Mora was built in 1852 on a cliff of black basalt. "
      + "Its keeper, Ada Varga, kept the lamp burning for forty years. "
      + "During the great storm of 1901 the lamp's clockwork failed, and Ada turned the lens by hand all night. "
      + "Eleven fishing boats found the harbour by her light. "
      + "The village gave her a silver medal that still hangs in the museum. "
      + "Today the lighthouse runs on solar power and an automatic lamp. "
      + "Visitors can climb its hundred and twelve steps in summer.";

  static PodcastScript sample() {
    return new PodcastScript(PodcastScript.VERSION, "pod_abcdefgh12345678", "The keeper of Cape Mora",
        new PodcastScript.Source("text", "The lighthouse...", SOURCE), "deep_dive", 2.5,
        List.of(new PodcastScript.Host("Alex", "alloy", "asks"), new PodcastScript.Host("Sam", "nova", null)),
        List.of(new PodcastScript.Segment("The storm", List.of(
            new PodcastScript.Turn("Alex", "What happened in 1901?", 0L, 1500L,
                List.of(new PodcastScript.Word("What", 0, 0), new PodcastScript.Word("happened", 5, 310))),
            PodcastScript.Turn.of("Sam", "The clockwork failed. Ada turned the lens by hand.")))),
        new PodcastScript.Audio(24000, 1500));
  }

  @Test
  void theScriptRoundTripsThroughJsonLosslessly() {
    PodcastScript script = sample();
    String json = script.toJson();
    assertThat(PodcastScript.fromJson(json)).isEqualTo(script);
    assertThat(PodcastScript.fromJson(json).toJson()).isEqualTo(json);
    assertThat(json).contains("\"startMs\" : 0").doesNotContain("\"words\" : null");
    assertThat(script.transcript()).contains("[00:00] Alex: What happened in 1901?").contains("Sam: The clockwork");
    assertThat(script.turns()).hasSize(2);
    assertThat(script.host("Sam").voice()).isEqualTo("nova");
    assertThatThrownBy(() -> script.host("Zed")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PodcastScript.fromJson("{not json")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anOutlineFromTheModelIsCheckedAndAMalformedOneRefused() {
    ScriptGenerator.Outline outline = ScriptGenerator.parseOutline("Sure! {\"title\":\"Cape Mora\",\"segments\":"
        + "[{\"title\":\"The storm\",\"points\":[\"What failed in 1901?\",\"Who was saved?\"]}]} Enjoy.");
    assertThat(outline.title()).isEqualTo("Cape Mora");
    assertThat(outline.segments().get(0).points()).containsExactly("What failed in 1901?", "Who was saved?");
    for (String bad : new String[] {"no json here", "{\"title\":\"x\"", "{\"segments\":[]}", "{\"title\":\"x\",\"segments\":[]}",
        "{\"title\":\"x\",\"segments\":[{\"title\":\"y\"}]}", "{\"title\":\"x\",\"segments\":[{\"title\":\"y\",\"points\":[3]}]}"}) {
      assertThatThrownBy(() -> ScriptGenerator.parseOutline(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void eachWayAnOutlineCanBeMalformedGetsItsOwnReason() {
    Map<String, String> cases = Map.of(
        "}{", "no JSON object in the answer",
        "{title: x}", "malformed JSON",
        "{\"title\":\"  \",\"segments\":[]}", "'title' must be a non-empty string",
        "{\"title\":7}", "'title' must be a non-empty string",
        "{\"title\":\"x\",\"segments\":{}}", "'segments' must be a non-empty array",
        "{\"title\":\"x\",\"segments\":[\"y\"]}", "every segment needs a 'title' and non-empty 'points'",
        "{\"title\":\"x\",\"segments\":[{\"title\":\" \",\"points\":[\"a\"]}]}",
        "every segment needs a 'title' and non-empty 'points'",
        "{\"title\":\"x\",\"segments\":[{\"title\":\"y\",\"points\":[]}]}",
        "every segment needs a 'title' and non-empty 'points'",
        "{\"title\":\"x\",\"segments\":[{\"title\":\"y\",\"points\":[\" \"]}]}", "points must be non-empty strings");
    cases.forEach((answer, reason) -> assertThatThrownBy(() -> ScriptGenerator.parseOutline(answer)).as(answer)
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(reason));
    assertThatThrownBy(() -> ScriptGenerator.parseOutline(null)).hasMessage("no JSON object in the answer");
    assertThat(ScriptGenerator.groundedText("  It was 1901.  ")).isEqualTo("It was 1901.");
    assertThat(ScriptGenerator.groundedText(" ")).isNull();
    assertThat(ScriptGenerator.groundedText(null)).isNull();
  }

  /** A chat that plans an outline but answers every dialogue and question with the engine's "nothing" reply. */
  private static Future<String> plansButKnowsNothing(List<String> system, String user, boolean tools) {
    if (system.get(0).startsWith("You plan")) {
      return Future.succeededFuture("{\"title\":\"Cape Mora\",\"segments\":[{\"title\":\"The storm\",\"points\":"
          + "[\"What failed in 1901?\"]},{\"title\":\"The keeper\",\"points\":[\"Who was Ada Varga?\"]}]}");
    }
    return Future.succeededFuture(""); // what Stages gives for an answer not grounded in the source
  }

  @Test
  void aModelThatCannotPlanGetsTheOfflineScriptAfterOneRepairRequest() {
    List<String> asked = new ArrayList<>();
    ScriptGenerator.Chat chat = (system, user, tools) -> {
      asked.add(user);
      return Future.succeededFuture("I cannot write JSON, sorry.");
    };
    List<Double> progress = new ArrayList<>();
    PodcastScript script = new ScriptGenerator(chat, progress::add).generate(new ScriptGenerator.Request("pod_test1234",
        new PodcastScript.Source("text", "x", SOURCE), 3, "deep_dive", List.of(new PodcastScript.Host("Alex", "alloy", null),
            new PodcastScript.Host("Sam", "nova", null)))).await();
    assertThat(asked).hasSize(2);
    assertThat(asked.get(1)).as("the repair request").startsWith("Your last answer was not valid outline JSON");
    List<PodcastScript.Turn> turns = script.turns();
    assertThat(turns.get(0).text()).startsWith("Welcome to the show. I'm Alex, and with me is Sam.");
    assertThat(turns.get(turns.size() - 1).text()).startsWith("That's all for today");
    long forty = turns.stream().filter(t -> t.text().contains("forty years")).count();
    assertThat(forty).as("a sentence is said once").isEqualTo(1);
    assertThat(turns.stream().map(PodcastScript.Turn::host).distinct()).containsExactlyInAnyOrder("Alex", "Sam");
    assertThat(progress).containsExactly(1.0);
  }

  @Test
  void aModelWithNothingToSayFailsTheEpisodeRatherThanPaddingIt() {
    assertThatThrownBy(() -> new ScriptGenerator(PodcastScriptTest::plansButKnowsNothing, p -> { })
        .generate(new ScriptGenerator.Request("pod_x2345678", new PodcastScript.Source("text", "x", SOURCE), 1, "brief",
            List.of(new PodcastScript.Host("A", "alloy", null), new PodcastScript.Host("B", "nova", null)))).await())
        .hasMessageContaining("nothing in the source");
    assertThat(ScriptGenerator.segmentCount(0.5)).isEqualTo(2);
    assertThat(ScriptGenerator.segmentCount(60)).isEqualTo(8);
  }

  @Test
  void aSourceWithNoStatementGivesNoOfflineEpisode() {
    assertThatThrownBy(() -> new OfflineScript(new ScriptGenerator.Request("pod_x2345678", new PodcastScript.Source(
        "text", "x", "Why? How? Who knows?"), 1, "brief", List.of(new PodcastScript.Host("A", "alloy", null),
            new PodcastScript.Host("B", "nova", null)))).write()).hasMessageContaining("nothing in it to talk about");
  }

  @Test
  void anInterruptionAnswerIsAtMostTwoSentencesCloseToTheQuestionAndTheBridgeNamesTheInterruptedTopic() {
    String answer = QuestionAnswerer.spoken("The lighthouse at Cape Mora was built in "
        + "1852 on a cliff of black basalt. During the great storm of 1901 the lamp's clockwork failed, and Ada turned "
        + "the lens by hand all night. Eleven fishing boats found the harbour by her light.", "What did Ada do in the storm?");
    assertThat(answer).contains("During the great storm")
        .doesNotContain("Eleven");
    assertThat(Passages.sentences(answer)).hasSizeBetween(1, 2);
    assertThat(OfflineScript.words(answer)).isLessThanOrEqualTo(35);
    assertThat(QuestionAnswerer.spoken("", "Who?")).isEqualTo("I'm afraid the source doesn't say.");
    PodcastScript script = sample();
    PodcastScript.Turn storm = script.segments().get(0).turns().get(1);
    String bridge = QuestionAnswerer.bridge(script, storm, 25);
    assertThat(bridge).matches("Back to .+, then\\.");
    String topic = bridge.substring("Back to ".length(), bridge.length() - ", then.".length());
    assertThat(storm.text()).contains(topic);
    assertThat(QuestionAnswerer.answerer(script, script.segments().get(0).turns().get(0), "the clockwork?").name())
        .isEqualTo("Sam");
  }

  @Test
  void theAnswererIsTheHostSpeakingElseTheOneWhoseTurnsShareMostWordsWithTheQuestion() {
    List<PodcastScript.Host> hosts = List.of(new PodcastScript.Host("Alex", "alloy", null),
        new PodcastScript.Host("Sam", "nova", null), new PodcastScript.Host("Kim", "echo", null));
    PodcastScript.Turn asks = PodcastScript.Turn.of("Alex", "Tell us about the keeper.");
    PodcastScript.Turn kim = PodcastScript.Turn.of("Kim", "The clockwork failed during the storm.");
    PodcastScript script = new PodcastScript(PodcastScript.VERSION, "pod_abcdefgh12345678", "Cape Mora", null,
        "deep_dive", 2, hosts, List.of(new PodcastScript.Segment("The storm", List.of(asks,
            PodcastScript.Turn.of("Sam", "Ada Varga kept the light."), kim))), null);
    assertThat(QuestionAnswerer.answerer(script, kim, "Who kept the light?").name()).isEqualTo("Kim");
    assertThat(QuestionAnswerer.answerer(script, asks, "Why did the clockwork fail?").name()).isEqualTo("Kim");
    assertThat(QuestionAnswerer.answerer(script, null, "Who kept the light?").name()).isEqualTo("Sam");
    assertThat(QuestionAnswerer.answerer(script, null, "Is it open today?").name()).as("no shared word").isEqualTo("Sam");
    // without a source text, the bridge finds its topic in the turn; a turn without one bridges plainly
    assertThat(QuestionAnswerer.bridge(script, kim, 10)).isEqualTo("Back to the clockwork, then.");
    assertThat(QuestionAnswerer.bridge(script, null, 0)).isEqualTo("Anyway, back to where we were.");
    assertThat(QuestionAnswerer.bridge(script, PodcastScript.Turn.of("Sam", "They fished. We slept."), 3))
        .isEqualTo("Anyway, back to where we were.");
  }

  @Test
  void aSpokenAnswerKeepsOneSentenceWhenTwoWouldBeTooLong() {
    assertThat(QuestionAnswerer.spoken("  The lamp burned paraffin.  ", "What did it burn?"))
        .isEqualTo("The lamp burned paraffin.");
    assertThat(QuestionAnswerer.spoken(null, "Who?")).isEqualTo("I'm afraid the source doesn't say.");
    String first = "The lamp burned paraffin for sixty years before the keepers finally replaced it with a brand "
        + "new electric bulb.";
    String second = "The electric bulb was installed by a team of engineers who travelled from the capital by boat.";
    assertThat(QuestionAnswerer.spoken(first + " " + second, "Who installed the electric bulb?")).isEqualTo(second);
  }

  @Test
  void htmlBecomesReadableText() {
    String text = HtmlText.of("<html><head><title>t</title><style>p{}</style></head><body><nav>menu</nav>"
        + "<h1>Cape &amp; Mora</h1><p>The lamp&#39;s light &#x2014; bright.</p><script>alert(1)</script>"
        + "<!-- note --><div>Second&nbsp;line</div></body></html>");
    assertThat(text).isEqualTo("Cape & Mora\nThe lamp's light \u2014 bright.\nSecond line");
  }
}
