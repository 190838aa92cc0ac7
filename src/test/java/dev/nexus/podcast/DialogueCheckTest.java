package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.podcast.PodcastScript.Host;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The check of a model's dialogue turns, without a model: every problem is named, with the turn it is in. */
class DialogueCheckTest {
  private static final List<Host> TWO = List.of(new Host("Alex", "alloy", null), new Host("Sam", "nova", null));
  private static final List<Host> THREE = List.of(new Host("Alex", "alloy", null), new Host("Sam", "nova", null),
      new Host("Kim", "echo", null));
  private static final String SOURCE = "The lighthouse at Cape Mora was built in 1901 and has 365 steps.";

  private static String turns(String... hostAndText) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < hostAndText.length; i += 2) {
      out.append(i == 0 ? "" : ",").append("{\"host\":\"").append(hostAndText[i]).append("\",\"text\":\"")
          .append(hostAndText[i + 1]).append("\"}");
    }
    return out.append("]").toString();
  }

  @Test
  void turnsWrappedInAnObjectOrSurroundedByProseAreRead() {
    String plain = turns("Alex", "When was the lighthouse built?", "sam", "It was built in 1901.");
    assertThat(Dialogue.parse("Here you go: " + plain + " Enjoy!", TWO, SOURCE, 10))
        .extracting(PodcastScript.Turn::host).containsExactly("Alex", "Sam");
    assertThat(Dialogue.parse("{\"turns\": " + plain + "}", TWO, SOURCE, 10)).hasSize(2);
  }

  @Test
  void aMalformedOrEmptyAnswerIsRefusedWithItsReason() {
    assertThatThrownBy(() -> Dialogue.parse(null, TWO, SOURCE, 10)).hasMessage("no JSON array of turns in the answer");
    assertThatThrownBy(() -> Dialogue.parse("no turns here", TWO, SOURCE, 10))
        .hasMessage("no JSON array of turns in the answer");
    assertThatThrownBy(() -> Dialogue.parse("[]", TWO, SOURCE, 10)).hasMessage("the array of turns is empty");
    assertThatThrownBy(() -> Dialogue.parse("{\"turns\": []}", TWO, SOURCE, 10))
        .hasMessage("the array of turns is empty");
    assertThatThrownBy(() -> Dialogue.parse("[{\"host\": }]", TWO, SOURCE, 10)).hasMessageStartingWith("malformed JSON");
    assertThatThrownBy(() -> Dialogue.parse("{\"other\": 1} " + turns("Alex", "Hi there.", "Sam", "Hello."), TWO,
        SOURCE, 10)).as("an object without turns before the array").hasMessageStartingWith("malformed JSON");
  }

  @Test
  void everyBadTurnIsNamedByItsNumber() {
    String answer = "[{\"host\":\"Alex\"}, 7, {\"host\":\"Zed\",\"text\":\"Hi.\"}, {\"host\":\"Sam\",\"text\":\"  \"},"
        + "{\"host\":\"Sam\",\"text\":\"It has 400 steps, says Bob.\"}]";
    assertThatThrownBy(() -> Dialogue.parse(answer, TWO, SOURCE, 10)).hasMessage(
        "turn 1 needs a \"host\" and a \"text\" string; turn 2 needs a \"host\" and a \"text\" string; "
            + "turn 3 has an unknown host 'Zed' (the hosts are Alex, Sam); turn 4 is empty; "
            + "turn 5 says 400, which the source does not");
  }

  @Test
  void aMonologueOrAnAnswerOfTheWrongLengthIsRefused() {
    assertThatThrownBy(() -> Dialogue.parse(turns("Alex", "It was built in 1901.", "Alex", "It has 365 steps."), TWO,
        SOURCE, 10)).hasMessage("only one host speaks; it must be a conversation");
    assertThatThrownBy(() -> Dialogue.parse(turns("Alex", "Built in 1901?", "Sam", "Yes."), TWO, SOURCE, 40))
        .hasMessage("it has 4 words; write about 40");
    assertThatThrownBy(() -> Dialogue.parse(turns("Alex", "When was the lighthouse at Cape Mora built, then?", "Sam",
        "The lighthouse was built in 1901 and it has 365 steps."), TWO, SOURCE, 8))
        .hasMessage("it has 20 words; write about 8");
  }

  @Test
  void aNameOrNumberTheSourceLacksIsFoundButHostsDeterminersAndSentenceStartsAreNot() {
    Set<String> hosts = Set.of("Alex", "Sam");
    assertThat(Dialogue.unsourced("Sam, the lighthouse at Cape Mora has 365 steps.", SOURCE, hosts)).isNull();
    assertThat(Dialogue.unsourced("Well, I think Sam knows. The steps number 365.", SOURCE, hosts)).isNull();
    assertThat(Dialogue.unsourced("So the keeper, Ada Varga, climbed them.", SOURCE, hosts)).isEqualTo("Ada Varga");
    assertThat(Dialogue.unsourced("It cost 1,200 dollars.", SOURCE, hosts)).isEqualTo("1200");
    assertThat(Dialogue.unsourced("It cost 1,200 dollars.", "The repair cost 1200 dollars.", hosts)).isNull();
    assertThat(Dialogue.unsourced("Built in 1901, these steps.", SOURCE, hosts)).isNull();
  }

  @Test
  void aDebateNamesItsSidesAndWithThreeHostsAModerator() {
    assertThat(Dialogue.styleRules("debate", TWO)).contains("Sam argues for").contains("Alex takes the opposing side")
        .endsWith("politely.");
    assertThat(Dialogue.styleRules("debate", THREE)).contains("Sam argues for").contains("Kim takes the opposing side")
        .endsWith("Alex moderates.");
    assertThat(Dialogue.styleRules("brief", TWO)).startsWith("Keep it short");
    assertThat(Dialogue.styleRules("deep_dive", TWO)).startsWith("This is a deep dive");
  }
}
