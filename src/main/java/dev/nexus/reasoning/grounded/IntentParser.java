package dev.nexus.reasoning.grounded;

import dev.nexus.tools.builtin.Calculator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the tool intents of a user's message the way an instruction-tuned model would: arithmetic
 * (in words or symbols), the time or date, and searches.
 */
public final class IntentParser {
  /** A recognised intent: the tool, its arguments, and the phrase it was read from. */
  public record Intent(String tool, Map<String, Object> arguments, String phrase) {
  }

  private static final Pattern CLOCK = Pattern.compile(
      "\\b(what(?:'s| is)? the time|what time is it|the current time|time is it|what(?:'s| is) the date|"
          + "today's date|what day is (?:it|today))\\b", Pattern.CASE_INSENSITIVE);
  private static final Pattern SEARCH = Pattern.compile(
      "^(?:please\\s+)?(?:search|look up|find)\\s+(?:(the web|online|the internet)|(?:in\\s+)?(the documents|my documents|the docs))?"
          + "\\s*(?:for\\s+)?(.+?)[?.!]*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern MATH_PREFIX = Pattern.compile(
      "^(?:hey[, ]+)?(?:please\\s+)?(?:can you\\s+)?(?:what(?:'s| is)|calculate|compute|how much is|evaluate|work out|tell me)\\s+",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern MATH_CHARS = Pattern.compile("^[0-9a-z\\s.+\\-*/^%(),]+$");
  private static final Pattern NAMES = Pattern.compile("[a-z]+");
  private static final java.util.Set<String> FUNCTIONS = java.util.Set.of("sqrt", "cbrt", "abs", "exp", "ln",
      "log", "log2", "log10", "sin", "cos", "tan", "asin", "acos", "atan", "floor", "ceil", "round", "min", "max",
      "pow", "hypot", "pi", "e");

  private IntentParser() {
  }

  /** The intent of a message, or null when it asks for no tool. */
  public static Intent parse(String message) {
    if (message == null || message.isBlank()) {
      return null;
    }
    String text = message.trim();
    if (CLOCK.matcher(text).find()) {
      return new Intent("clock", Map.of(), text);
    }
    Matcher search = SEARCH.matcher(text);
    if (search.matches()) {
      String tool = search.group(2) != null ? "document_search" : search.group(1) != null ? "web_search" : "search";
      return new Intent(tool, Map.of("query", search.group(3).trim()), search.group(3).trim());
    }
    return arithmetic(text);
  }

  /** An arithmetic expression read from words and symbols, if the message is one. */
  static Intent arithmetic(String text) {
    String phrase = MATH_PREFIX.matcher(text).replaceFirst("").replaceAll("[?!.]+$", "").trim();
    String expr = phrase.toLowerCase(Locale.ROOT)
        .replaceAll("^the\\s+", "")
        .replaceAll("(\\d),(\\d{3})(?!\\d)", "$1$2")
        .replaceAll("\\bsquare root of\\s+([0-9.]+)", "sqrt($1)")
        .replaceAll("\\bcube root of\\s+([0-9.]+)", "cbrt($1)")
        .replaceAll("\\b(multiplied by|times)\\b", "*")
        .replaceAll("(?<=\\d)\\s*x\\s*(?=\\d)", "*")
        .replaceAll("\\b(divided by|over)\\b", "/")
        .replaceAll("\\bplus\\b", "+")
        .replaceAll("\\bminus\\b", "-")
        .replaceAll("\\b(to the power of|raised to(?: the power of)?)\\b", "^")
        .replaceAll("\\bsquared\\b", "^2")
        .replaceAll("\\bcubed\\b", "^3")
        .replaceAll("\\b(percent|%)\\s+of\\b", "/100*")
        .replaceAll("\\b(mod|modulo)\\b", "%")
        .trim();
    if (!MATH_CHARS.matcher(expr).matches() || !expr.matches(".*\\d.*")) {
      return null;
    }
    Matcher names = NAMES.matcher(expr);
    while (names.find()) {
      if (!FUNCTIONS.contains(names.group())) {
        return null;
      }
    }
    if (!expr.matches(".*([+\\-*/^%]|[a-z]+\\s*\\().*")) {
      return null; // a bare number is no calculation
    }
    try {
      Calculator.evaluate(expr);
    } catch (IllegalArgumentException e) {
      // a well-formed sum with no answer (5 / 0) still goes to the calculator, which explains why
      String why = String.valueOf(e.getMessage());
      if (!why.startsWith("division by zero") && !why.startsWith("the result is")) {
        return null;
      }
    }
    return new Intent("calculator", Map.of("expression", expr), phrase);
  }
}
