package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.bus.PodcastOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The offline script on sources of every shape (a bulleted list, numbers, quotes, a heading, a very short and a very
 * long text), in every style, with two to four hosts: the rules that hold for any input.
 */
class OfflineScriptSourcesTest {
  private static final Map<String, String> SOURCES = Map.of(
      "list", """
          Harbour facts
          - The harbour was dredged in 1887.
          - Twelve fishing boats still sail from the north quay.
          - The old lighthouse keeper kept a daily log of storms.
          - Because of the storms, the sea wall was raised twice.
          """,
      "numbers", "The bridge cost 4,500,000 dollars to build. Around 1,200 workers built the bridge in 1932. "
          + "The main span is 1,280 metres long. Forty-two cables hold the deck. However, 3 of the cables were "
          + "replaced in 2004. The toll was 50 cents until 1971.",
      "quotes", "The mayor said: \"The market will reopen on Monday.\" The traders welcomed the news. \"We waited "
          + "for months,\" one baker said. The market hall was built by Maria Lopez in 1910. Then the roof was "
          + "repaired by local carpenters. The stalls sell bread, fish and cheese.",
      "heading", """
          The Cape Mora Lighthouse

          The lighthouse at Cape Mora was built in 1901. Its lamp burned paraffin for sixty years. Ada Varga kept
          the light from 1920 until 1950. She rescued nineteen sailors during the great storm of 1931. Later the lamp
          was replaced by an electric one. Today the tower is a small museum run by volunteers.
          """,
      "short", "The river floods the old town every spring.",
      "long", longSource());

  private static String longSource() {
    List<String> towns = List.of("Arden", "Belmont", "Corran", "Dunmore", "Elston", "Fairlie", "Glenrock", "Harwick",
        "Inverlay", "Jedburn", "Kelso", "Lanark");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < towns.size(); i++) {
      String town = towns.get(i);
      out.append("The town of ").append(town).append(" was founded in ").append(1700 + 13 * i).append(". ")
          .append(town).append(" has ").append(3 + i).append(" stone bridges over the river. ")
          .append("Then the railway reached ").append(town).append(" in ").append(1850 + i).append(". ")
          .append("The local market in ").append(town).append(" sells wool and timber. ");
    }
    return out.toString();
  }

  private static final List<PodcastScript.Host> FOUR = List.of(new PodcastScript.Host("Alex", "alloy", null),
      new PodcastScript.Host("Sam", "nova", null), new PodcastScript.Host("Kim", "echo", null),
      new PodcastScript.Host("Lee", "fable", null));

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String kind : SOURCES.keySet()) {
      for (String style : PodcastOrder.STYLES) {
        for (int hosts = 2; hosts <= 4; hosts++) {
          out.add(Arguments.of(kind, style, hosts));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} hosts")
  @MethodSource("cases")
  void everyScriptIsMadeOfKnownHostsAskingWholeQuestionsAndAnsweringWithTheSource(String kind, String style,
      int hostCount) {
    String source = SOURCES.get(kind);
    List<PodcastScript.Host> hosts = FOUR.subList(0, hostCount);
    Set<String> names = new HashSet<>(hosts.stream().map(PodcastScript.Host::name).toList());
    Set<String> sentences = new HashSet<>(Phrases.sentencesOf(source));
    PodcastScript script = OfflineScriptTest.script(source, kind.equals("long") ? 6 : 3, style, hosts);

    assertThat(script.title()).isNotBlank();
    assertThat(script.segments()).isNotEmpty();
    assertThat(script.segments().stream().map(s -> s.title().toLowerCase()).distinct().count())
        .as("segment titles differ").isEqualTo(script.segments().size());
    int answers = 0;
    String answerer = null;
    for (PodcastScript.Segment segment : script.segments()) {
      List<PodcastScript.Turn> turns = segment.turns();
      for (int i = 0; i < turns.size(); i++) {
        PodcastScript.Turn turn = turns.get(i);
        assertThat(names).as(turn.host()).contains(turn.host());
        assertThat(turn.text()).isNotBlank();
        for (String q : Questions.questionsIn(turn.text())) {
          String asked = q.replaceFirst("^(Alex|Sam|Kim|Lee), ", "");
          asked = Character.toUpperCase(asked.charAt(0)) + asked.substring(1);
          assertThat(OfflineScriptTest.fragmentProblem(asked)).as(kind + "/" + style + ": " + q).isNull();
        }
        boolean asks = turn.host().equals("Alex") && turn.text().endsWith("?");
        if (asks && hostCount > 2 && i + 1 < turns.size() && !style.equals("debate")
            && !turns.get(i + 1).host().equals(answerer)) {
          assertThat(turn.text()).as("with %d hosts a question to a new answerer names them", hostCount)
              .contains(turns.get(i + 1).host() + ", ");
        }
        if (!turn.host().equals("Alex")) {
          answerer = turn.host();
        }
        if (!turn.host().equals("Alex") && !style.equals("debate")) {
          assertThat(Phrases.sentencesOf(turn.text())).as(turn.text()).allMatch(sentences::contains);
          answers++;
        }
      }
    }
    if (!style.equals("debate")) {
      assertThat(answers).as("answers").isPositive();
    }
  }

  @Test
  void aSourceWithNoStatementToAskAboutHasNoScript() {
    for (String source : List.of("", "Hello?", "Yes. No. Maybe so.", "They fished. It rained. We slept.")) {
      assertThatThrownBy(() -> OfflineScriptTest.script(source, 3, "deep_dive", OfflineScriptTest.HOSTS))
          .as(source).isInstanceOf(IllegalStateException.class).hasMessageContaining("nothing in it to talk about");
    }
  }

  @Test
  void aHeadingBecomesTheTitleAndASourceWithoutNamesStillGetsTitles() {
    assertThat(OfflineScriptTest.script(SOURCES.get("heading"), 3, "brief", OfflineScriptTest.HOSTS).title())
        .isEqualTo("The Cape Mora Lighthouse");
    String dates = "It happened in 1901 again. It rained there in 1902 too. They sailed off in 1903 at last. "
        + "We came back in 1904 for good. It snowed hard in 1905 as well.";
    PodcastScript script = OfflineScriptTest.script(dates, 3, "brief", OfflineScriptTest.HOSTS);
    assertThat(script.title()).isEqualTo("What the source says");
    assertThat(script.segments()).extracting(PodcastScript.Segment::title).doesNotHaveDuplicates()
        .allMatch(t -> t.equals("What the source says") || t.equals("More from the source"));
  }
}
