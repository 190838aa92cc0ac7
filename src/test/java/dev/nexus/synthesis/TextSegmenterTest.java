package dev.nexus.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextSegmenterTest {
  final TextSegmenter segmenter = new TextSegmenter(60);

  @Test
  void sentencesKeepTheirOffsetsInTheWholeText() {
    String text = "  First one. Second one?  Third!\n\nFourth";
    List<TextSegmenter.Segment> parts = segmenter.split(text);
    assertThat(parts).extracting(TextSegmenter.Segment::text)
        .containsExactly("First one.", "Second one?", "Third!", "Fourth");
    for (TextSegmenter.Segment p : parts) {
      assertThat(text.substring(p.offset(), p.offset() + p.text().length())).isEqualTo(p.text());
    }
  }

  @Test
  void longSentencesAreCutAtClausesThenSpacesThenAnywhere() {
    String clauses = "This long sentence has a first clause that runs on, and then a second clause, "
        + "and a third one that closes it.";
    List<TextSegmenter.Segment> parts = segmenter.split(clauses);
    assertThat(parts).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p.text().length()).isLessThanOrEqualTo(60));
    assertThat(parts.get(0).text()).endsWith(",");
    assertThat(String.join(" ", parts.stream().map(TextSegmenter.Segment::text).toList())).isEqualTo(clauses);

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
}
