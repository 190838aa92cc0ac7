package dev.nexus.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sentence splitting and passage grouping. */
class PassagesTest {
  @Test
  void sentencesAreTrimmedWithInnerWhitespaceCollapsedAndNoEmptyOnes() {
    assertThat(Passages.sentences("  First one.\n\n Second   one?  Third!  "))
        .containsExactly("First one.", "Second one?", "Third!");
    assertThat(Passages.sentences("")).isEmpty();
    assertThat(Passages.sentences("   \n ")).isEmpty();
  }

  @Test
  void passagesGroupWholeSentencesUpToTheLimit() {
    String text = "Aaaa aaaa. Bbbb bbbb. Cccc cccc. Dddd.";
    // "Aaaa aaaa. Bbbb bbbb." is 21 characters: it fits in 21, not in 20
    assertThat(Passages.split(text, 21)).containsExactly("Aaaa aaaa. Bbbb bbbb.", "Cccc cccc. Dddd.");
    assertThat(Passages.split(text, 20)).containsExactly("Aaaa aaaa.", "Bbbb bbbb.", "Cccc cccc. Dddd.");
    assertThat(Passages.split(text, 1000)).containsExactly(text);
  }

  @Test
  void aSentenceLongerThanTheLimitStandsAloneUncut() {
    assertThat(Passages.split("Short. This sentence is much longer than ten. End.", 10))
        .containsExactly("Short.", "This sentence is much longer than ten.", "End.");
    assertThat(Passages.split("", 10)).isEmpty();
  }
}
