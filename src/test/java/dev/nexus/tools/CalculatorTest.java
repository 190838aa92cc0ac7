package dev.nexus.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.text.Calculator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CalculatorTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "12.5 * 8|100",
      "1 + 2 * 3|7",
      "(1 + 2) * 3|9",
      "2 ^ 3 ^ 2|512",
      "-2 ^ 2|-4",
      "(-2) ^ 2|4",
      "10 / 4|2.5",
      "10 % 4|2",
      "2 × 3 ÷ 4|1.5",
      "sqrt(16) + abs(-3)|7",
      "max(3, min(10, 7))|7",
      "pow(2, 10)|1024",
      "hypot(3, 4)|5",
      "round(2.5) + floor(1.9) + ceil(1.1)|6",
      "log(1000) + ln(e) + log2(8)|7",
      "sin(0) + cos(0) + tan(0)|1",
      "2 * pi|6.28318530718",
      "1.5e3 + 2E-1|1500.2",
      "0.1 + 0.2|0.3",
      "+5 - -5|10",
      "1e20 * 10|1E+21",
      "1 / 3e7|3.33333333333E-8",
      "exp(0) + cbrt(27) + asin(0) + acos(1) + atan(0)|4"
  })
  void evaluates(String expression, String expected) {
    assertThat(Calculator.format(Calculator.evaluate(expression), 12)).isEqualTo(expected);
  }

  @Test
  void precisionIsSignificantDigits() {
    assertThat(Calculator.format(Math.PI, 3)).isEqualTo("3.14");
    assertThat(Calculator.format(123456, 2)).isEqualTo("120000");
    assertThat(Calculator.format(0, 5)).isEqualTo("0");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''|the expression is empty",
      "1 +|the expression ends too early",
      "(1 + 2|missing ')'",
      "1 / 0|division by zero",
      "5 % 0|division by zero",
      "2 $ 3|unexpected '$'",
      "foo(2)|unknown name 'foo'",
      "sqrt 4|'sqrt' needs '('",
      "max(1)|max takes two arguments",
      "sqrt(4|missing ')' after the argument of sqrt",
      "max(1, 2|missing ')' after the arguments of max",
      "1.2.3|malformed number '1.2.3'",
      "sqrt(-1)|the result is undefined",
      "10 ^ 400|the result is infinite",
      ")|unexpected ')'",
      "3 4|unexpected '4'"
  })
  void explainsWhatIsWrong(String expression, String message) {
    assertThatThrownBy(() -> Calculator.evaluate(expression)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesHugeInput() {
    assertThatThrownBy(() -> Calculator.evaluate("1+".repeat(600) + "1")).hasMessageContaining("longer than 1000");
    assertThatThrownBy(() -> Calculator.evaluate(null)).hasMessageContaining("empty");
  }
}
