package dev.nexus.reasoning.grounded;

import dev.nexus.text.ArithmeticPhrases;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the tool intents of a user's message the way an instruction-tuned model would: arithmetic (in words
 * or symbols, read by {@link ArithmeticPhrases}), the time or date, and searches.
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

  /** Arithmetic and small talk are asked in short requests; a longer message is material, not a sum. */
  static final int MAX_REQUEST_CHARS = 300;

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
    ArithmeticPhrases.Arithmetic sum = text.length() > MAX_REQUEST_CHARS ? null : ArithmeticPhrases.find(text);
    return sum == null ? null : new Intent("calculator", Map.of("expression", sum.expression()), sum.spoken());
  }
}
