package dev.nexus.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArithmeticPhrasesTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "what is twelve times eight|12 * 8|12 times 8|96",
      "what's the square root of one hundred forty four|sqrt(144)|the square root of 144|12",
      "add seven and five|7 + 5|7 plus 5|12",
      "What is 17.5 multiplied by 12? Answer with the number.|17.5 * 12|17.5 times 12|210",
      "fifteen percent of eighty|15 / 100 * 80|15 percent of 80|12",
      "subtract three from ten|10 - 3|10 minus 3|7",
      "ten take away three|10 - 3|10 minus 3|7",
      "the product of six and seven|6 * 7|6 times 7|42",
      "the sum of 3, 4 and 5|3 + 4 + 5|3 plus 4 plus 5|12",
      "two to the tenth power|2 ^ 10|2 to the power of 10|1024",
      "seven squared|7 ^ 2|7 squared|49",
      "what is ten cubed|10 ^ 3|10 cubed|1000",
      "what is minus four times three|-4 * 3|-4 times 3|-12",
      "a half plus a quarter|0.5 + 0.25|0.5 plus 0.25|0.75",
      "two thirds of ninety|(2/3) * 90|two thirds of 90|60",
      "divide one hundred by eight|100 / 8|100 divided by 8|12.5",
      "divide 4 into 100|100 / 4|100 divided by 4|25",
      "what is the fourth root of sixteen|16 ^ (1/4)|the 4th root of 16|2",
      "the cube root of twenty seven|cbrt(27)|the cube root of 27|3",
      "what is the difference between twenty and eight|20 - 8|20 minus 8|12",
      "the quotient of 9 and 3|9 / 3|9 divided by 3|3",
      "how many times does 4 go into 20|20 / 4|20 divided by 4|5",
      "multiply 6 by 7|6 * 7|6 times 7|42",
      "what is 80 plus 15 percent|80 + (15 / 100)|80 plus 15 percent|80.15",
      "what is 2 ** 8|2 ^ 8|2 to the power of 8|256",
      "(1 + 2) * 3|(1 + 2) * 3|(1 plus 2) times 3|9",
      "Hi! Could you tell me what nine plus ten is?|9 + 10|9 plus 10|19",
      "what is 10 mod 3|10 % 3|10 modulo 3|1"
  })
  void phrasingsBecomeExpressionsAndAreReadBack(String text, String expression, String spoken, String value) {
    ArithmeticPhrases.Arithmetic sum = ArithmeticPhrases.find(text);
    assertThat(sum).as(text).isNotNull();
    assertThat(sum.expression()).isEqualTo(expression);
    assertThat(sum.spoken()).isEqualTo(spoken);
    assertThat(Calculator.format(Calculator.evaluate(sum.expression()), 12)).isEqualTo(value);
  }

  @Test
  void sentencesWithoutASumFindNone() {
    for (String text : List.of("Tell me about the Eiffel Tower", "What is 42", "I have 3 apples and 4 pears",
        "Tell me about the years 1914 - 1918", "what is 2 + banana", "what is pi day", "", "+ 3")) {
      assertThat(ArithmeticPhrases.find(text)).as(text).isNull();
    }
    assertThat(ArithmeticPhrases.find(null)).isNull();
  }

  @Test
  void aSumWithNoAnswerIsStillASum() {
    assertThat(ArithmeticPhrases.find("what is five divided by zero").expression()).isEqualTo("5 / 0");
    assertThat(ArithmeticPhrases.find("what is the square root of negative one").expression()).isEqualTo("sqrt(-1)");
  }

  @Test
  void expressionsAreWrittenWithOneSpaceAroundOperators() {
    assertThat(ArithmeticPhrases.format(List.of("-", "2", "*", "(", "-", "3", ")"))).isEqualTo("-2 * (-3)");
    assertThat(ArithmeticPhrases.format(List.of("max", "(", "2", ",", "9", ")"))).isEqualTo("max(2, 9)");
    assertThat(ArithmeticPhrases.unwrap(List.of("(", "1", ")", "+", "(", "2", ")"))).hasSize(7);
    assertThat(ArithmeticPhrases.words("sqrt(2 + 2)")).isEqualTo("the square root of (2 plus 2)");
  }
}
