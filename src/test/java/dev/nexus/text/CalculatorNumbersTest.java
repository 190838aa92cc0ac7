package dev.nexus.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the calculator reads number literals, and which spoken sums reach it. */
class CalculatorNumbersTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"2e3|2000", "1.5E-2|0.015", "2e+4|20000", ".5|0.5", "3 * .5|1.5",
      "e|2.71828182846"})
  void exponentsAndLeadingPointsAreRead(String expression, String value) {
    assertThat(Calculator.format(Calculator.evaluate(expression), 12)).isEqualTo(value);
  }

  @Test
  void anExponentWithoutDigitsLeavesTheLetterToBeNamedAsTheError() {
    assertThatThrownBy(() -> Calculator.evaluate("2e")).hasMessage("unexpected 'e' at position 2 of \"2e\"");
    assertThatThrownBy(() -> Calculator.evaluate("2E-")).hasMessage("unexpected 'E' at position 2 of \"2E-\"");
    assertThatThrownBy(() -> Calculator.evaluate("1..2")).hasMessage("malformed number '1..2' at position 1 of \"1..2\"");
  }

  @Test
  void spokenListsBecomeProductsOrSumsAndOnlySumsWithAnAnswerOrAReasonAreKept() {
    assertThat(ArithmeticPhrases.find("What is the product of 2, 3 and 4?").expression()).isEqualTo("2 * 3 * 4");
    assertThat(ArithmeticPhrases.find("Multiply 2 and 3 and 5.").expression()).isEqualTo("2 * 3 * 5");
    assertThat(ArithmeticPhrases.find("What is 5 / 0?").expression()).as("the calculator says why").isEqualTo("5 / 0");
    assertThat(ArithmeticPhrases.find("Work out 10 to the power of 400 please").expression()).isEqualTo("10 ^ 400");
    assertThat(ArithmeticPhrases.find("what is 2 + 3 +").expression()).isEqualTo("2 + 3");
    assertThat(ArithmeticPhrases.find("What is - 4?")).as("a lone negative number is no sum").isNull();
    assertThat(ArithmeticPhrases.find("what is sqrt of -1")).isNull();
  }
}
