package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The questions the offline script's hosts ask: when- and how-many questions, lead-ins, follow-ups and echoes. */
class QuestionsTest {
  private static final String SOURCE = "The lighthouse at Cape Mora was built in 1901. Voyager 2 visited Neptune in "
      + "1989. Maria Lopez founded the well-known school in town. Scientists studied the currents near Cape Horn.";

  private static Questions questions() {
    return new Questions(new Phrases(SOURCE), 0);
  }

  @Test
  void aDatedSentenceGetsAWhenQuestionAboutItsSubject() {
    Questions q = questions();
    assertThat(q.about("The lighthouse at Cape Mora was built in 1901.")).isEqualTo("When was the lighthouse at Cape Mora built?");
    assertThat(q.about("The old lamp was quickly replaced in 1920.")).isEqualTo("When was the old lamp replaced?");
    assertThat(q.about("The ship on the rocks sank in 1920.")).isEqualTo("When did the ship on the rocks sink?");
    assertThat(q.about("The keepers stayed on 3 May 1920.")).isEqualTo("When did the keepers stay?");
    assertThat(q.about("The keepers painted the tower in 1920.")).isEqualTo("When did the keepers paint the tower?");
  }

  @Test
  void aDateWithoutAUsableSubjectAsksWhatHappenedThen() {
    Questions q = questions();
    assertThat(q.about("In March 1912 the ship sank.")).isEqualTo("What happened in March 1912?");
    assertThat(q.about("During the great storm of 1901 the keepers stayed.")).isEqualTo("What happened during the great storm of 1901?");
    assertThat(q.about("It rained on Monday.")).isEqualTo("What happened on Monday?");
    assertThat(q.about("On the 4 July 1950 it rained.")).isEqualTo("What happened on the 4 July 1950?");
    assertThat(q.about("The storm of 1901 was fierce.")).doesNotStartWith("When");
  }

  @Test
  void aCountGetsAHowManyQuestion() {
    Questions q = questions();
    assertThat(q.about("Twelve fishing boats found the harbour.")).isEqualTo("How many fishing boats found the harbour?");
    assertThat(q.about("Two hundred and forty bright lamps were lit.")).isEqualTo("How many bright lamps were lit?");
    assertThat(q.about("The tower has 365 steps.")).isEqualTo("How many steps are we talking about?");
    assertThat(q.about("The bridge, built by hand, carries 40 cars; it is old.")).isEqualTo("How many cars are involved?");
    assertThat(q.about("Forty ships sank, and the crews swam.")).startsWith("How many ships");
    assertThat(q.about("Forty years passed.")).as("a duration is not a count").doesNotStartWith("How many");
  }

  @Test
  void otherSentencesGetALeadInNamingAWholePhraseOrNothing() {
    Questions q = questions();
    assertThat(q.about("Maria Lopez founded the well-known school in town.")).endsWith(" Maria Lopez?");
    assertThat(q.about("The 1920s were loud.")).endsWith(" the 1920s?");
    assertThat(q.about("It leans over the cold grey sea.")).endsWith(" the cold grey sea?");
    assertThat(q.about("They fished.")).isNull();
  }

  @Test
  void theLeadInsRotateSoNoneComesBackBeforeTheOthersAreUsed() {
    Questions q = new Questions(new Phrases(SOURCE), -5);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 7; i++) {
      assertThat(seen.add(q.about("Maria Lopez founded the well-known school in town."))).isTrue();
    }
    assertThat(seen.add(q.about("Maria Lopez founded the well-known school in town."))).isFalse();
  }

  @Test
  void aFollowUpAsksForWhatTheNextSentenceBeginsWith() {
    Questions q = questions();
    assertThat(q.followUp("Then it rained.")).isEqualTo("What happened next?");
    assertThat(q.followUp("Because of this, the town grew.")).isEqualTo("Why does that matter?");
    assertThat(q.followUp("However, nobody noticed.")).isEqualTo("Was there a catch?");
    assertThat(q.followUp("So the town grew.")).isEqualTo("What came of that?");
    assertThat(q.followUp("Maybe.")).isEqualTo("What else should we know?");
    assertThat(q.followUp("Still, it stands.")).isEqualTo("Is that the whole picture?");
  }

  @Test
  void anEchoRepeatsACountButNotAYearOrALongPhrase() {
    Questions q = questions();
    assertThat(q.echo("It took forty years to build. It was hard.")).isEqualTo("Forty years!");
    assertThat(q.echo("Three dogs.")).isEqualTo("Three dogs!");
    assertThat(q.echo("Around 1901 people came.")).isNull();
    assertThat(q.echo("The 300 big red gulls flew off.")).isNull();
    assertThat(q.echo("Nothing.")).isNull();
  }

  @Test
  void textHelpersKeepPunctuationAndCaseRight() {
    Phrases phrases = new Phrases(SOURCE);
    assertThat(Questions.lowerFirst("The sea is big.", phrases)).isEqualTo("the sea is big.");
    assertThat(Questions.lowerFirst("What now?", phrases)).isEqualTo("what now?");
    assertThat(Questions.lowerFirst("Maria came.", phrases)).isEqualTo("Maria came.");
    assertThat(Questions.lowerFirst("", phrases)).isEmpty();
    assertThat(Questions.capital("")).isEmpty();
    assertThat(Questions.capital("abc")).isEqualTo("Abc");
    assertThat(Questions.questionsIn("Is it? Yes. Why not?\nReally?")).containsExactly("Is it?", "Why not?", "Really?");
    List<Phrases.Token> tokens = phrases.tag("A well - known keeper, sadly, left (\"for good\").");
    assertThat(Questions.join(tokens, 0, tokens.size())).isEqualTo("A well-known keeper, sadly, left (\"for good\").");
    List<Phrases.Token> quote = phrases.tag("He said \"hello there\" to me.");
    assertThat(Questions.join(quote, 0, quote.size())).isEqualTo("He said \"hello there\" to me.");
  }
}
