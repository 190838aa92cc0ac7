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

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "the twelfth day|the 12th day",
      "the eleventh hour|the 11th hour",
      "the thirteenth floor|the 13th floor",
      "the twenty second|the 22nd",
      "the thirty third|the 33rd",
      "forty-second|42nd",
      "ninety ninth|99th",
      "the second time|the second time",
      "one second|1 second"
  })
  void ordinalsGetTheirSuffixAndALoneSecondStaysAUnitOfTime(String words, String digits) {
    assertThat(NumberWords.toDigits(words)).isEqualTo(digits);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a million|1000000",
      "a thousand and one nights|1001 nights",
      "a hundred and twelve|112",
      "one million and five|1000005",
      "five hundred thousand|500000",
      "three million two hundred thousand and seven|3200007",
      "10 thousand|10000",
      "12.5 million|12500000",
      "one hundred hundred|100 hundred",
      "hundred|hundred",
      "five twenty|5 20",
      "sixty, five|60, 5"
  })
  void bigNumbersAddTheirScalesAndTwoNumbersSideBySideStayTwo(String words, String digits) {
    assertThat(NumberWords.toDigits(words)).isEqualTo(digits);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "negative point five|-0.5",
      "negative three point two five|-3.25",
      "negative a half|-0.5",
      "six point three three three|6.333",
      "two point 05|2.05",
      "three point|3 point",
      "three point x|3 point x",
      "two and one third|(7/3)",
      "two and a fifth|2.2",
      "two and an apple|2 and an apple",
      "one and one|1 and 1",
      "2 and a half|2.5",
      "seven thirds|(7/3)",
      "four fifths|0.8",
      "nine tenths|0.9",
      "one fifth of it|0.2 of it",
      "a quarter|0.25",
      "a thirds|a thirds",
      "twenty thirds|20 thirds",
      "two hundred thirds|200 thirds"
  })
  void negativesDecimalsAndFractionsAreReadOnlyWhenWhole(String words, String digits) {
    assertThat(NumberWords.toDigits(words)).isEqualTo(digits);
  }

  @Test
  void fractionsOutsideTheSpokenRangeStayNumeric() {
    assertThat(NumberWords.fractionWords(0, 2)).isEqualTo("0/2");
    assertThat(NumberWords.fractionWords(10, 3)).isEqualTo("10/3");
    assertThat(NumberWords.fractionWords(1, 1)).isEqualTo("1/1");
    assertThat(NumberWords.fractionWords(1, 10)).isEqualTo("a tenth");
    assertThat(NumberWords.fractionWords(5, 2)).isEqualTo("five halves");
    assertThat(NumberWords.ordinal(null)).isNull();
  }
}
