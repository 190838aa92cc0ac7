package dev.nexus.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A recursive-descent arithmetic evaluator: numbers (with exponents),
 * + - * / % ^, parentheses, unary signs, constants (pi, e) and functions (sqrt, cbrt, abs, exp, ln,
 * log, log2, log10, sin, cos, tan, asin, acos, atan, floor, ceil, round, min, max, pow, hypot).
 * Results are rounded to a number of significant digits. No script engine, no eval.
 */
public final class Calculator {
  /** An expression the calculator cannot evaluate; the message says where and why. */
  public static final class CalcException extends IllegalArgumentException {
    CalcException(String message) {
      super(message);
    }
  }

  private static final Map<String, DoubleUnaryOperator> UNARY = Map.ofEntries(
      Map.entry("sqrt", Math::sqrt), Map.entry("cbrt", Math::cbrt), Map.entry("abs", Math::abs),
      Map.entry("exp", Math::exp), Map.entry("ln", Math::log), Map.entry("log", Math::log10),
      Map.entry("log10", Math::log10), Map.entry("log2", x -> Math.log(x) / Math.log(2)),
      Map.entry("sin", Math::sin), Map.entry("cos", Math::cos), Map.entry("tan", Math::tan),
      Map.entry("asin", Math::asin), Map.entry("acos", Math::acos), Map.entry("atan", Math::atan),
      Map.entry("floor", Math::floor), Map.entry("ceil", Math::ceil), Map.entry("round", x -> (double) Math.round(x)));
  private static final List<String> BINARY = List.of("min", "max", "pow", "hypot");

  private final String text;
  private int pos;

  private Calculator(String text) {
    this.text = text;
  }

  /** Evaluates an expression to a double. */
  public static double evaluate(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new CalcException("the expression is empty");
    }
    if (expression.length() > 1000) {
      throw new CalcException("the expression is longer than 1000 characters");
    }
    Calculator c = new Calculator(expression);
    double value = c.sum();
    c.skipSpaces();
    if (c.pos < c.text.length()) {
      throw c.error("unexpected '" + c.text.charAt(c.pos) + "'");
    }
    if (Double.isNaN(value)) {
      throw new CalcException("the result is undefined");
    }
    if (Double.isInfinite(value)) {
      throw new CalcException("the result is infinite (division by zero or overflow)");
    }
    return value;
  }

  /** Formats a value with at most {@code digits} significant digits and no trailing zeros. */
  public static String format(double value, int digits) {
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(digits)).stripTrailingZeros();
    if (rounded.signum() == 0) {
      return "0";
    }
    return rounded.abs().compareTo(new BigDecimal("1e15")) >= 0 || rounded.abs().compareTo(new BigDecimal("1e-6")) < 0
        ? rounded.toString() : rounded.toPlainString();
  }

  private CalcException error(String what) {
    return new CalcException(what + " at position " + (pos + 1) + " of \"" + text + "\"");
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private boolean eat(char c) {
    skipSpaces();
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private double sum() {
    double value = product();
    while (true) {
      if (eat('+')) {
        value += product();
      } else if (eat('-')) {
        value -= product();
      } else {
        return value;
      }
    }
  }

  private double product() {
    double value = unary();
    while (true) {
      if (eat('*') || eat('×')) {
        value *= unary();
      } else if (eat('/') || eat('÷')) {
        double divisor = unary();
        if (divisor == 0) {
          throw error("division by zero");
        }
        value /= divisor;
      } else if (eat('%')) {
        double divisor = unary();
        if (divisor == 0) {
          throw error("division by zero");
        }
        value %= divisor;
      } else {
        return value;
      }
    }
  }

  private double unary() {
    if (eat('-')) {
      return -unary();
    }
    if (eat('+')) {
      return unary();
    }
    return power();
  }

  private double power() {
    double base = atom();
    if (eat('^')) {
      return Math.pow(base, unary()); // right-associative: 2^3^2 = 2^9
    }
    return base;
  }

  private double atom() {
    skipSpaces();
    if (pos >= text.length()) {
      throw error("the expression ends too early");
    }
    char c = text.charAt(pos);
    if (eat('(')) {
      double value = sum();
      if (!eat(')')) {
        throw error("missing ')'");
      }
      return value;
    }
    if (Character.isDigit(c) || c == '.') {
      return number();
    }
    if (Character.isLetter(c)) {
      return nameOrCall();
    }
    throw error("unexpected '" + c + "'");
  }

  private double number() {
    int start = pos;
    while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      int mark = pos;
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
          pos++;
        }
      } else {
        pos = mark; // the constant e, as in 2e
      }
    }
    String literal = text.substring(start, pos);
    try {
      return Double.parseDouble(literal);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("malformed number '" + literal + "'");
    }
  }

  private double nameOrCall() {
    int start = pos;
    while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)))) {
      pos++;
    }
    String name = text.substring(start, pos).toLowerCase();
    if (name.equals("pi")) {
      return Math.PI;
    }
    if (name.equals("e")) {
      return Math.E;
    }
    DoubleUnaryOperator f = UNARY.get(name);
    if (f == null && !BINARY.contains(name)) {
      pos = start;
      throw error("unknown name '" + name + "'");
    }
    if (!eat('(')) {
      throw error("'" + name + "' needs '(' and its argument");
    }
    double first = sum();
    if (f != null) {
      if (!eat(')')) {
        throw error("missing ')' after the argument of " + name);
      }
      return f.applyAsDouble(first);
    }
    if (!eat(',')) {
      throw error(name + " takes two arguments");
    }
    double second = sum();
    if (!eat(')')) {
      throw error("missing ')' after the arguments of " + name);
    }
    return switch (name) {
      case "min" -> Math.min(first, second);
      case "max" -> Math.max(first, second);
      case "pow" -> Math.pow(first, second);
      default -> Math.hypot(first, second);
    };
  }
}
