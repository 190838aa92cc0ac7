package dev.nexus.reasoning.grounded;

import dev.nexus.bus.ToolSpec;
import dev.nexus.text.ArithmeticPhrases;
import dev.nexus.text.NumberWords;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Arguments for a client's tool, built from its JSON schema and the user's words: a city, a number, a date, a
 * name, a search text. A property the words do not give is left out rather than invented.
 */
final class ToolArguments {
  private static final Pattern PLACE = Pattern.compile(
      "\\b(?:in|at|for|near|to|from)\\s+(\\p{Lu}[\\p{L}'.-]*(?:\\s+\\p{Lu}[\\p{L}'.-]*)*)");
  private static final String STOP = "today|tomorrow|tonight|now|right|this|next|on|please|and|at|like|for|the|a|an|"
      + "in|with|during|over|from|to|until|my|your|weather|forecast|time";
  private static final Pattern PLACE_LOWER = Pattern.compile("\\b(?:in|at|for|near)\\s+((?!(?:" + STOP + ")\\b)[a-z]"
      + "[a-z'.-]*(?:\\s+(?!(?:" + STOP + ")\\b)[a-z][a-z'.-]*){0,2}?)(?=\\s+(?:" + STOP + ")\\b|\\s*[?.!,]|\\s*$)");
  private static final Pattern PERSON = Pattern.compile("\\b(?:named|called|to|for|with|from|ask|tell|call|email|"
      + "text|message|remind|meet)\\s+(\\p{Lu}[\\p{L}'-]+(?:\\s+\\p{Lu}[\\p{L}'-]+)?)");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?![\\d.]|st|nd|rd|th)");
  private static final Pattern ISO_DATE = Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}\\b");
  private static final Pattern DAY_MONTH = Pattern.compile("\\b(\\d{1,2})(?:st|nd|rd|th)?(?: of)? ([a-z]+)(?:,? (\\d{4}))?");
  private static final Pattern MONTH_DAY = Pattern.compile("\\b([a-z]+) (\\d{1,2})(?:st|nd|rd|th)?\\b(?:,? (\\d{4}))?");
  private static final Pattern WEEKDAY = Pattern.compile("\\b(?:on |next |this )?(monday|tuesday|wednesday|"
      + "thursday|friday|saturday|sunday)\\b");
  private static final Set<String> TEXT_NAMES = Set.of("query", "q", "text", "input", "prompt", "question", "message",
      "search", "topic", "content", "term", "terms", "keywords", "request", "sentence");
  private static final Set<String> NAME_STOP = Set.of("get", "set", "fetch", "do", "make", "run", "the", "a", "an",
      "tool", "call", "api", "info", "data", "lookup", "look", "up", "find", "current", "my", "for", "of", "to", "by");

  private ToolArguments() {
  }

  /**
   * A tool among {@code tools} that the words name ("get_weather" for "the weather in Paris"), or null. An MCP tool's
   * server prefix is no word of its name: "everything.echo" is named by "echo".
   */
  static ToolSpec named(List<ToolSpec> tools, String question) {
    Set<String> words = new LinkedHashSet<>();
    for (String w : question.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      words.add(w);
      words.add(w.endsWith("s") ? w.substring(0, w.length() - 1) : w);
    }
    for (ToolSpec tool : tools) {
      String own = tool.name().substring(tool.name().lastIndexOf('.') + 1); // "<server>." only namespaces it
      for (String part : own.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).split("[_\\-]+")) {
        if (part.length() >= 3 && !NAME_STOP.contains(part) && words.contains(part)) {
          return tool;
        }
      }
    }
    return null;
  }

  /** The arguments for {@code tool}, from the question's words, as the tool's schema shapes them. */
  static JsonObject fill(ToolSpec tool, String question, LocalDate today) {
    JsonObject args = new JsonObject();
    Map<String, Object> properties = map(map(tool.parameters()).get("properties"));
    Object req = map(tool.parameters()).get("required");
    List<?> required = req instanceof JsonArray a ? a.getList() : req instanceof List<?> l ? l : List.of();
    List<String> numbers = new ArrayList<>();
    Matcher n = NUMBER.matcher(NumberWords.toDigits(question));
    while (n.find()) {
      numbers.add(n.group());
    }
    List<String> names = new ArrayList<>(properties.keySet());
    names.sort(Comparator.comparing(name -> !required.contains(name))); // required properties choose first
    for (String name : names) {
      Object value = value(name, map(properties.get(name)), question, numbers, today, required.contains(name));
      if (value != null) {
        args.put(name, value);
      }
    }
    return args;
  }

  /** A JSON object as a map, whether it came as a map or as a Vert.x JsonObject; empty otherwise. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof JsonObject json ? json.getMap() : value instanceof Map<?, ?> m ? (Map<String, Object>) m
        : Map.of();
  }

  private static Object value(String name, Map<String, Object> property, String question, List<String> numbers,
      LocalDate today, boolean required) {
    String key = name.toLowerCase(Locale.ROOT);
    String type = String.valueOf(property.getOrDefault("type", "string"));
    String format = String.valueOf(property.getOrDefault("format", ""));
    Object options = property.get("enum");
    List<?> choices = options instanceof JsonArray a ? a.getList() : options instanceof List<?> l ? l : null;
    if (choices != null) {
      String lower = question.toLowerCase(Locale.ROOT);
      return choices.stream().filter(c -> lower.contains(String.valueOf(c).toLowerCase(Locale.ROOT))).findFirst()
          .orElse(null);
    }
    if (type.equals("number") || type.equals("integer")) {
      for (int i = 0; i < numbers.size(); i++) {
        String digits = numbers.get(i);
        if (type.equals("number") || !digits.contains(".")) {
          numbers.remove(i);
          return digits.contains(".") ? (Object) Double.parseDouble(digits) : (Object) Long.parseLong(digits);
        }
      }
      return null;
    }
    if (!type.equals("string")) {
      return null;
    }
    if (key.equals("expression")) {
      ArithmeticPhrases.Arithmetic sum = ArithmeticPhrases.find(question);
      return sum != null ? sum.expression() : null;
    }
    if (format.equals("date") || key.contains("date") || key.equals("day") || key.equals("when")) {
      return date(question, today);
    }
    if (key.matches(".*(city|location|place|town|country|region|destination|address|where|area).*")) {
      return place(question);
    }
    if (key.matches(".*(name|person|who|contact|recipient).*")) {
      Matcher m = PERSON.matcher(question);
      return m.find() ? m.group(1) : null;
    }
    if (TEXT_NAMES.contains(key) || required) {
      return question.replaceAll("[?!.]+$", "").trim();
    }
    return null;
  }

  /** A place named after "in", "at", "for"...: "Paris", "New York" (a recogniser's "new york" is capitalised). */
  static String place(String question) {
    Matcher upper = PLACE.matcher(question);
    if (upper.find()) {
      return upper.group(1);
    }
    Matcher lower = PLACE_LOWER.matcher(question.toLowerCase(Locale.ROOT));
    if (lower.find()) {
      StringBuilder out = new StringBuilder();
      for (String w : lower.group(1).split(" ")) {
        out.append(out.length() == 0 ? "" : " ").append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
      }
      return out.toString();
    }
    return null;
  }

  /** A date in the words, as ISO 8601: "tomorrow", "on friday", "3 March 2031", "march third". */
  static String date(String question, LocalDate today) {
    String text = NumberWords.toDigits(question.toLowerCase(Locale.ROOT));
    Matcher iso = ISO_DATE.matcher(text);
    if (iso.find()) {
      return iso.group();
    }
    if (text.contains("day after tomorrow")) {
      return today.plusDays(2).toString();
    }
    if (text.matches(".*\\btomorrow\\b.*")) {
      return today.plusDays(1).toString();
    }
    if (text.matches(".*\\byesterday\\b.*")) {
      return today.minusDays(1).toString();
    }
    for (Matcher m : List.of(DAY_MONTH.matcher(text), MONTH_DAY.matcher(text))) {
      boolean dayFirst = m.pattern() == DAY_MONTH;
      while (m.find()) {
        Month month = month(m.group(dayFirst ? 2 : 1));
        if (month != null) {
          int day = Integer.parseInt(m.group(dayFirst ? 1 : 2));
          int year = m.group(3) != null ? Integer.parseInt(m.group(3)) : today.getYear();
          if (day >= 1 && day <= month.length(Year.isLeap(year))) {
            return LocalDate.of(year, month, day).toString();
          }
        }
      }
    }
    Matcher weekday = WEEKDAY.matcher(text);
    if (weekday.find()) {
      return today.with(TemporalAdjusters.next(DayOfWeek.valueOf(weekday.group(1).toUpperCase(Locale.ROOT))))
          .toString();
    }
    return text.matches(".*\\b(today|tonight|now)\\b.*") ? today.toString() : null;
  }

  private static Month month(String word) {
    for (Month m : Month.values()) {
      String full = m.name().toLowerCase(Locale.ROOT);
      if (word.equals(full) || word.equals(full.substring(0, 3)) || word.equals("sept") && m == Month.SEPTEMBER) {
        return m;
      }
    }
    return null;
  }
}
