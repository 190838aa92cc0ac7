package dev.nexus.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {
  final Sentences segmenter = new Sentences(60);

  @Test
  void sentencesKeepTheirOffsetsInTheWholeText() {
    String text = "  First one. Second one?  Third!\n\nFourth";
    List<Sentences.Segment> parts = segmenter.split(text);
    assertThat(parts).extracting(Sentences.Segment::text)
        .containsExactly("First one.", "Second one?", "Third!", "Fourth");
    for (Sentences.Segment p : parts) {
      assertThat(text.substring(p.offset(), p.offset() + p.text().length())).isEqualTo(p.text());
    }
  }

  @Test
  void longSentencesAreCutAtClausesThenSpacesThenAnywhere() {
    String clauses = "This long sentence has a first clause that runs on, and then a second clause, "
        + "and a third one that closes it.";
    List<Sentences.Segment> parts = segmenter.split(clauses);
    assertThat(parts).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p.text().length()).isLessThanOrEqualTo(60));
    assertThat(parts.get(0).text()).endsWith(",");
    assertThat(String.join(" ", parts.stream().map(Sentences.Segment::text).toList())).isEqualTo(clauses);

    String spaces = "words without any punctuation marks at all keep going and going and going well past the limit";
    assertThat(segmenter.split(spaces)).hasSizeGreaterThan(1)
        .allSatisfy(p -> assertThat(p.text()).doesNotStartWith(" ").doesNotEndWith(" "));

    String solid = "x".repeat(150);
    assertThat(segmenter.split(solid)).extracting(p -> p.text().length()).containsExactly(60, 60, 30);
  }

  @Test
  void blankTextHasNoSegments() {
    assertThat(segmenter.split("   \n ")).isEmpty();
    assertThat(segmenter.split("")).isEmpty();
  }

  @Test
  void streamedTextIsCutIntoTheSameSentencesAsWholeText() {
    String text = "Dr. Smith arrived at 10.30 today. Was it late? No! It was early, as always.\nA last line";
    Sentences.Cutter cutter = segmenter.cutter();
    List<String> streamed = new java.util.ArrayList<>();
    for (int i = 0; i < text.length(); i += 3) {
      streamed.addAll(cutter.add(text.substring(i, Math.min(text.length(), i + 3))));
    }
    assertThat(streamed).containsExactly("Dr. Smith arrived at 10.30 today.", "Was it late?", "No!",
        "It was early, as always.");
    streamed.addAll(cutter.flush());
    assertThat(streamed).containsExactlyElementsOf(segmenter.split(text).stream().map(Sentences.Segment::text).toList());
    assertThat(cutter.flush()).isEmpty();
  }

  @Test
  void aSentenceLeavesOnlyOnceTheNextHasBegun() {
    Sentences.Cutter cutter = segmenter.cutter();
    assertThat(cutter.add("Hello there.")).isEmpty();
    assertThat(cutter.add(" How")).containsExactly("Hello there.");
    assertThat(cutter.flush()).containsExactly("How");
  }

  @Test
  void aLongSentenceIsCutAfterASemicolonAColonOrADashButNotInsideANumber() {
    Sentences narrow = new Sentences(30);
    assertThat(narrow.split("The first clause is here; the second clause follows it.")).extracting(Sentences.Segment::text)
        .containsExactly("The first clause is here;", "the second clause follows it.");
    assertThat(narrow.split("The list has two things: apples and pears in bowls.")).extracting(Sentences.Segment::text)
        .containsExactly("The list has two things:", "apples and pears in bowls.");
    assertThat(narrow.split("The answer came at last — slowly, then all at once.")).extracting(Sentences.Segment::text)
        .first().asString().endsWith("—");
    assertThat(narrow.split("It cost 1,000,000,000 dollars or so in total then.")).extracting(Sentences.Segment::text)
        .noneMatch(t -> t.endsWith(",")).first().asString().contains("1,000,000,000");
  }

  @Test
  void anAbbreviationsFullStopDoesNotEndTheSentence() {
    assertThat(segmenter.split("Mt. Everest is high. Prof. Lee agrees, e.g. in print. No. 5 won."))
        .extracting(Sentences.Segment::text)
        .containsExactly("Mt. Everest is high.", "Prof. Lee agrees, e.g. in print.", "No. 5 won.");
    assertThat(segmenter.split("He met Dr.")).extracting(Sentences.Segment::text).containsExactly("He met Dr.");
  }

  @Test
  void aFullLengthClauseLeavesTheCutterBeforeItsSentenceEnds() {
    Sentences narrow = new Sentences(20);
    Sentences.Cutter cutter = narrow.cutter();
    assertThat(cutter.add("   ")).isEmpty();
    assertThat(cutter.add("one two three four, five six")).containsExactly("one two three four,");
    assertThat(cutter.add(" seven.")).isEmpty();
    assertThat(cutter.flush()).containsExactly("five six seven.");
    assertThat(cutter.add("x".repeat(40))).as("the last 20 may still grow").containsExactly("x".repeat(20));
    assertThat(cutter.add(" ")).as("followed by a space it cannot").containsExactly("x".repeat(20));
    assertThat(cutter.flush()).isEmpty();
  }
}
