package dev.nexus.tools.builtin;

import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolSpec;
import dev.nexus.text.ArithmeticPhrases;
import dev.nexus.text.Calculator;
import dev.nexus.tools.Tool;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The calculator tool: evaluates an arithmetic expression with {@link Calculator}; an expression in words ("twelve
 * times eight", "the square root of one hundred forty four") is read by {@link ArithmeticPhrases} first.
 */
public final class CalculatorTool implements Tool {
  @Override
  public ToolSpec spec() {
    return new ToolSpec("calculator", "Evaluates an arithmetic expression exactly: + - * / % ^, parentheses, "
        + "functions such as sqrt, sin, log, min, max, and the constants pi and e.", Map.of(
            "type", "object",
            "properties", Map.of(
                "expression", Map.of("type", "string", "description", "for example (12.5 * 8) / sqrt(16), or in words: "
                    + "twelve times eight"),
                "precision", Map.of("type", "integer", "description", "significant digits, 1 to 17 (default 12)")),
            "required", List.of("expression")), null);
  }

  @Override
  public Future<String> call(JsonObject arguments, RequestContext context) {
    Object expression = arguments.getValue("expression");
    if (!(expression instanceof String text)) {
      return Future.failedFuture("'expression' must be a string");
    }
    int precision = arguments.getInteger("precision", 12);
    if (precision < 1 || precision > 17) {
      return Future.failedFuture("'precision' must be from 1 to 17");
    }
    double value;
    try {
      value = Calculator.evaluate(text);
    } catch (IllegalArgumentException symbols) {
      ArithmeticPhrases.Arithmetic words = ArithmeticPhrases.find(text);
      if (words == null) {
        throw symbols;
      }
      value = Calculator.evaluate(words.expression());
    }
    return Future.succeededFuture(Calculator.format(value, precision));
  }
}
