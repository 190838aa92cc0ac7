package dev.nexus.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberWordsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "one hundred forty four|144",
      "two thousand and twenty six|2026",
      "one hundred and five|105",
      "a hundred|100",
      "twelve hundred|1200",
      "four billion three hundred million|4300000000",
      "seven thousand eight hundred and ninety one|7891",
      "forty-four|44",
      "zero|0",
      "seventeen point five|17.5",
      "three point one four|3.14",
      "point five|0.5",
      "twelve point 5|12.5",
      "three quarters|0.75",
      "a half|0.5",
      "half|0.5",
      "two and a half|2.5",
      "one and a quarter|1.25",
      "one fifth|0.2",
      "two thirds|(2/3)",
      "a third|(1/3)",
      "negative four|-4",
      "negative 7|-7",
      "1.5 million|1500000",
      "3 thousand|3000",
      "twenty first|21st",
      "twenty fifth|25th",
      "the fourth power|the 4th power",
      "the hundredth time|the 100th time",
      "1,250 apples|1250 apples"
  })
  void spokenNumbersBecomeDigits(String words, String digits) {
    assertThat(NumberWords.toDigits(words)).isEqualTo(digits);
  }

  @Test
  void otherWordsAndDigitsAreKeptAsTheyWere() {
    assertThat(NumberWords.toDigits("Add seven and five, please!")).isEqualTo("Add 7 and 5, please!");
    assertThat(NumberWords.toDigits("five six")).isEqualTo("5 6");
    assertThat(NumberWords.toDigits("zip 02139, well-known")).isEqualTo("zip 02139, well-known");
    assertThat(NumberWords.toDigits("wait a second")).isEqualTo("wait a second");
    assertThat(NumberWords.toDigits("a fifth time")).as("an ordinal, not a fraction").isEqualTo("a 5th time");
    assertThat(NumberWords.toDigits("negative")).isEqualTo("negative");
    assertThat(NumberWords.toDigits("point")).isEqualTo("point");
    assertThat(NumberWords.toDigits(null)).isEmpty();
    assertThat(NumberWords.ordinal("Fourth")).isEqualTo(4);
    assertThat(NumberWords.ordinal("banana")).isNull();
  }

  @Test
  void simpleFractionsAreSaidInWords() {
    assertThat(NumberWords.fractionWords(1, 2)).isEqualTo("a half");
    assertThat(NumberWords.fractionWords(3, 2)).isEqualTo("three halves");
    assertThat(NumberWords.fractionWords(2, 3)).isEqualTo("two thirds");
    assertThat(NumberWords.fractionWords(3, 4)).isEqualTo("three quarters");
    assertThat(NumberWords.fractionWords(12, 7)).isEqualTo("12/7");
    assertThat(NumberWords.fractionWords(1, 11)).isEqualTo("1/11");
  }
}
