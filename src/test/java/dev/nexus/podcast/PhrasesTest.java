package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.podcast.Phrases.Tag;
import dev.nexus.podcast.Phrases.Token;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule-based tagger and phrase finder behind the offline script: past forms, tags, phrases and topics. */
class PhrasesTest {
  private static final String SOURCE = "The lighthouse at Cape Mora was built in 1901. Voyager 2 visited Neptune in "
      + "1989. Maria Lopez founded the well-known school in town. Scientists studied the currents near Cape Horn.";

  @ParameterizedTest
  @CsvSource({"visited,visit", "stopped,stop", "stirred,stir", "admitted,admit", "carried,carry", "played,play",
      "fixed,fix", "listed,list", "wanted,want", "opened,open", "entered,enter", "needed,need", "seemed,seem",
      "cooled,cool", "jumped,jump", "mixed,mix", "showed,show", "went,go", "built,build", "Sank,sink"})
  void aPastFormGivesItsBaseForm(String past, String base) {
    assertThat(Phrases.base(past)).isEqualTo(base);
  }

  @ParameterizedTest
  @CsvSource({"hoped", "used", "filled", "bed", "red", "walk", "sings"})
  void aFormWhoseBaseTheRulesCannotTellSafelyGivesNull(String word) {
    assertThat(Phrases.base(word)).isNull();
  }

  @Test
  void aWordTheSourceCapitalisesMidSentenceIsANameAtASentencesStartToo() {
    Phrases phrases = new Phrases("Ships avoid Mora. Mora lies to the east.");
    List<Token> tokens = phrases.tag("Mora lies to the east.");
    assertThat(tokens.get(0)).isEqualTo(new Token("Mora", Tag.PROPER));
    assertThat(new Phrases("Ships avoid the cape.").tag("Mora lies to the east.").get(0).tag()).isNotEqualTo(Tag.PROPER);
  }

  @Test
  void aCapitalisedWordAfterAQuoteOrAStopIsNotTakenForAName() {
    Phrases phrases = new Phrases("He said: \"Storms come\" and left. Later. Boats came.");
    assertThat(phrases.tag("Storms come and go.").get(0).tag()).isNotEqualTo(Tag.PROPER);
    assertThat(phrases.tag("Boats came.").get(0).tag()).isNotEqualTo(Tag.PROPER);
  }

  @Test
  void theTagsFollowTheWordClassRules() {
    Phrases phrases = new Phrases(SOURCE);
    assertThat(phrases.tag("The old lamp was quickly replaced in 1920.")).extracting(Token::tag).containsExactly(
        Tag.DET, Tag.WORD, Tag.WORD, Tag.AUX, Tag.ADV, Tag.VERB, Tag.PREP, Tag.NUM, Tag.PUNCT);
    // "-ed" after a determiner or number is an adjective, elsewhere a verb; "-ing" before a noun is a noun's modifier
    assertThat(phrases.tag("They painted the faded sign.")).extracting(Token::tag).containsExactly(
        Tag.PRON, Tag.VERB, Tag.DET, Tag.WORD, Tag.WORD, Tag.PUNCT);
    assertThat(phrases.tag("Twelve fishing boats found the harbour.")).extracting(Token::tag).containsExactly(
        Tag.NUM, Tag.WORD, Tag.WORD, Tag.VERB, Tag.DET, Tag.WORD, Tag.PUNCT);
    assertThat(phrases.tag("The keeper was sleeping.")).extracting(Token::tag).containsExactly(
        Tag.DET, Tag.WORD, Tag.AUX, Tag.VERB, Tag.PUNCT);
    assertThat(phrases.tag("The keeper kept counting.")).extracting(Token::tag).contains(Tag.VERB);
    // after a subject pronoun an unknown word is a verb; a plural after a noun and before "the" is a verb too
    assertThat(phrases.tag("They sail.").get(1).tag()).isEqualTo(Tag.VERB);
    assertThat(phrases.tag("The ocean currents near Cape Horn.").get(2).tag()).isEqualTo(Tag.VERB);
    assertThat(phrases.tag("Birds sing sweetly.").get(2).tag()).isEqualTo(Tag.ADV);
    assertThat(phrases.tag("Birds sing daily.").get(2).tag()).isEqualTo(Tag.WORD);
    assertThat(phrases.tag("His family came.").get(1).tag()).isEqualTo(Tag.WORD);
  }

  @Test
  void nounPhrasesAreWholeRunsEndingOnANoun() {
    Phrases phrases = new Phrases(SOURCE);
    List<Token> tokens = phrases.tag("The crew of the harbour mended two hundred and forty nets.");
    assertThat(Phrases.nounPhrases(tokens)).extracting(Phrases.Phrase::text)
        .containsExactly("The crew of the harbour", "two hundred and forty nets");
    assertThat(Phrases.nounPhrases(phrases.tag("The lamp was bright and the sea was dangerous.")))
        .extracting(Phrases.Phrase::text).containsExactly("The lamp", "the sea");
    assertThat(Phrases.nounPhrases(phrases.tag("It came at 5.")))
        .as("a lone number is not a phrase").isEmpty();
    assertThat(Phrases.nounPhrases(phrases.tag("The sea - side town is calm.")))
        .extracting(Phrases.Phrase::text).containsExactly("The sea-side town");
  }

  @Test
  void theTopicIsTheFirstNameElseTheSubjectElseTheLongestDeterminedPhrase() {
    Phrases phrases = new Phrases(SOURCE);
    assertThat(phrases.topic("The lighthouse at Cape Mora was built in 1901.")).isEqualTo("Cape Mora");
    assertThat(phrases.topic("The old tower has 365 steps.")).isEqualTo("the old tower");
    assertThat(phrases.topic("It leans over the cold grey sea and the rocks.")).isEqualTo("the cold grey sea");
    assertThat(phrases.topic("They fished.")).isNull();
    assertThat(phrases.topic("I think so.")).isNull();
  }

  @Test
  void pluralsAndYearsAreToldApart() {
    assertThat(Phrases.plural("boats")).isTrue();
    assertThat(List.of("glass", "bus", "crisis", "its")).noneMatch(Phrases::plural);
    assertThat(List.of("1901", "2024", "1920s")).allMatch(Phrases::year);
    assertThat(List.of("2100", "365", "801")).noneMatch(Phrases::year);
  }
}
