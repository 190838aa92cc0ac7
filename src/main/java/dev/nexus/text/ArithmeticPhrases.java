package dev.nexus.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the arithmetic people ask for, in words or symbols, inside longer requests and among other sentences:
 * "what is twelve times eight", "add seven and five", "subtract 3 from 10", "the square root of one hundred forty
 * four", "fifteen percent of eighty", "two to the tenth power". It gives an expression the {@link Calculator} reads,
 * and the same sum in words for an answer ("12 times 8", "the square root of 144").
 */
public final class ArithmeticPhrases {
  /** A sum found in a message: the calculator's expression and how an answer says it. */
  public record Arithmetic(String expression, String spoken) {
  }

  private static final String N = "(-?(?:\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|\\(\\d+/\\d+\\)))";
  private static final String M = N.replace("(-?", "(?:-?");
  private static final String LIST = "(" + M + "(?:\\s*(?:,\\s*and|,|and|plus)\\s*" + M + ")+)";
  private static final String ORD = "(\\d+)(?:st|nd|rd|th)";
  /** Rewrites from phrasing to symbols, in order. */
  private static final List<Object[]> RULES = List.of(
      rule("(?:the )?square root of " + N, "sqrt($1)"),
      rule("(?:the )?cube root of " + N, "cbrt($1)"),
      rule("(?:the )?" + ORD + " root of " + N, "$2 ^ (1/$1)"),
      rule(N + " (?:raised )?to the " + ORD + "(?: power)?", "$1 ^ $2"),
      rule("(?:raised )?to the power(?: of)?|raised to|\\*\\*", " ^ "),
      rule("\\badd " + N + " to " + N, "$1 + $2"),
      rule("\\bsubtract " + N + " from " + N, "$2 - $1"),
      rule("\\btake (?:away )?" + N + " (?:away )?from " + N, "$2 - $1"),
      rule("(?:the )?difference between " + N + " and " + N, "$1 - $2"),
      rule("\\bdivide " + N + " (?:by )?into " + N, "$2 / $1"),
      rule("\\bdivide " + N + " by " + N, "$1 / $2"),
      rule("(?:the )?quotient of " + N + " (?:and|by) " + N, "$1 / $2"),
      rule("how many times does " + N + " go into " + N, "$2 / $1"),
      rule("\\bmultiply " + N + " by " + N, "$1 * $2"),
      rule(N + "\\s*(?:percent|per cent|%) of " + N, "$1 / 100 * $2"),
      rule(N + "\\s*(?:percent|per cent|%)", "($1 / 100)"),
      rule("(\\(\\d+/\\d+\\)|\\b0\\.\\d+) of " + N, "$1 * $2"),
      rule(N + " squared", "$1 ^ 2"),
      rule(N + " cubed", "$1 ^ 3"),
      rule("\\b(?:multiplied by|times)\\b|×", " * "),
      rule("\\b(?:divided by|over)\\b|÷", " / "),
      rule("\\bplus\\b", " + "),
      rule("\\b(?:minus|take away)\\b|−", " - "),
      rule("\\b(?:mod|modulo|modulus)\\b", " % "));
  private static final Pattern LISTS = Pattern.compile(
      "(?:\\badd|(?:the )?(?:sum|total) of|(?:the )?product of|\\bmultiply) " + LIST);
  private static final Pattern TIMES_X = Pattern.compile("(?<=\\d)\\s*x\\s*(?=[\\d(-])");
  private static final Pattern TOKEN = Pattern.compile("\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|[a-z]+|[-+*/^%(),]|\\S");
  private static final Set<String> FUNCTIONS = Set.of("sqrt", "cbrt", "abs", "exp", "ln", "log", "log2", "log10",
      "sin", "cos", "tan", "asin", "acos", "atan", "floor", "ceil", "round", "min", "max", "pow", "hypot", "pi");
  private static final Pattern OPERATOR_WORDS = Pattern.compile("\\b(plus|minus|times|multipl\\w*|divid\\w*|over|"
      + "add|subtract|sum|product|difference|quotient|take away|squared|cubed|root|percent|power|raised|mod\\w*)\\b"
      + "|%|×|÷");
  private static final Pattern CUE = Pattern.compile("(?:what(?:'s| is|s)?|how much(?: is)?|calculate|compute|"
      + "work out|evaluate|solve|tell me|figure out|equals?|is)\\s*$");
  private static final Pattern SENTENCES = Pattern.compile("[?!;\\n]+|\\.(?=\\s|$)");

  private ArithmeticPhrases() {
  }

  private static Object[] rule(String regex, String replacement) {
    return new Object[] {Pattern.compile(regex), replacement};
  }

  /** The first sum asked for in {@code text}, sentence by sentence, or null when it asks for none. */
  public static Arithmetic find(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    for (String sentence : SENTENCES.split(text)) {
      Arithmetic found = inSentence(sentence);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Arithmetic inSentence(String sentence) {
    String lower = NumberWords.toDigits(sentence.toLowerCase(Locale.ROOT).replace('’', '\'')).trim();
    boolean operatorWords = OPERATOR_WORDS.matcher(lower).find();
    String text = TIMES_X.matcher(lower).replaceAll(" * ");
    Matcher lists = LISTS.matcher(text);
    StringBuilder joined = new StringBuilder();
    while (lists.find()) {
      String op = lists.group().contains("product") || lists.group().startsWith("multiply") ? " * " : " + ";
      lists.appendReplacement(joined, Matcher.quoteReplacement(
          "(" + String.join(op, lists.group(1).split("\\s*(?:,\\s*and|,|and|plus)\\s*")) + ")"));
    }
    lists.appendTail(joined);
    text = joined.toString();
    for (Object[] rule : RULES) {
      text = ((Pattern) rule[0]).matcher(text).replaceAll((String) rule[1]);
    }
    List<String> tokens = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(m.group());
      starts.add(m.start());
    }
    int i = 0;
    while (i < tokens.size()) {
      if (!isMath(tokens.get(i))) {
        i++;
        continue;
      }
      int j = i;
      while (j < tokens.size() && isMath(tokens.get(j))) {
        j++;
      }
      Arithmetic found = window(tokens.subList(i, j), text.substring(0, starts.get(i)), text, operatorWords);
      if (found != null) {
        return found;
      }
      i = j;
    }
    return null;
  }

  private static boolean isMath(String token) {
    return Character.isDigit(token.charAt(0)) || "-+*/^%(),.".contains(token) || FUNCTIONS.contains(token);
  }

  private static Arithmetic window(List<String> run, String before, String sentence, boolean operatorWords) {
    int from = 0;
    int to = run.size();
    while (from < to && "+*/^%,)".contains(run.get(from))) {
      from++;
    }
    while (to > from && "+-*/^%,(".contains(run.get(to - 1))) {
      to--;
    }
    List<String> tokens = unwrap(run.subList(from, to));
    boolean operator = tokens.stream().anyMatch(t -> "+-*/^%".contains(t) || FUNCTIONS.contains(t) && !t.equals("pi"));
    if (tokens.isEmpty() || !operator || tokens.size() == 2 && tokens.get(0).equals("-")) {
      return null;
    }
    String expression = format(tokens);
    boolean onlyMath = sentence.replaceAll("[^a-z]+", " ").trim().split(" ").length <= 2;
    if (!operatorWords && !onlyMath && !CUE.matcher(before.replaceAll("\\b(please|can you|could you|the)\\b", "")
        .replaceAll("\\s+", " ").trim()).find()) {
      return null; // "the years 1914 - 1918" is a span, not a sum
    }
    try {
      Calculator.evaluate(expression);
    } catch (IllegalArgumentException e) {
      String why = String.valueOf(e.getMessage());
      if (!why.startsWith("division by zero") && !why.startsWith("the result is")) {
        return null; // a well-formed sum with no answer (5 / 0) still goes to the calculator, which says why
      }
    }
    return new Arithmetic(expression, words(expression));
  }

  /** Tokens as one expression: spaces around binary operators, none inside calls, fractions and after a sign. */
  static String format(List<String> tokens) {
    StringBuilder out = new StringBuilder();
    String prev = null;
    boolean glue = false;
    for (String t : tokens) {
      if (prev != null && !glue && !prev.equals("(") && !t.equals(")") && !t.equals(",")
          && !(t.equals("(") && FUNCTIONS.contains(prev))) {
        out.append(' ');
      }
      out.append(t);
      glue = t.equals("-") && (prev == null || "+-*/^%(,".contains(prev));
      prev = t;
    }
    return out.toString().replaceAll("\\((\\d+) / (?!100\\))(\\d+)\\)", "($1/$2)"); // (2/3), not a percent
  }

  /** Without parentheses around the whole: "(7 + 5)" is "7 + 5". */
  static List<String> unwrap(List<String> tokens) {
    if (tokens.size() < 3 || !tokens.get(0).equals("(") || !tokens.get(tokens.size() - 1).equals(")")) {
      return tokens;
    }
    int depth = 0;
    for (int i = 0; i < tokens.size() - 1; i++) {
      depth += tokens.get(i).equals("(") ? 1 : tokens.get(i).equals(")") ? -1 : 0;
      if (depth == 0) {
        return tokens; // "(1 + 2) * (3 + 4)"
      }
    }
    return unwrap(tokens.subList(1, tokens.size() - 1));
  }

  /** An expression read out: "12 * 8" is "12 times 8", "sqrt(144)" is "the square root of 144". */
  public static String words(String expression) {
    String s = expression
        .replaceAll("(\\S+) / 100 \\* (\\S+)", "$1 percent of $2")
        .replaceAll("\\((\\S+) / 100\\)", "$1 percent")
        .replaceAll("\\^ 2(?![\\d.])", "squared")
        .replaceAll("\\^ 3(?![\\d.])", "cubed")
        .replaceAll("(\\S+) \\^ \\(1/(\\d+)\\)", "the $2 root of $1")
        .replaceAll("^(\\(\\d/\\d+\\)|0\\.\\d+) \\* ", "$1 of ")
        .replaceAll("\\bsqrt\\(", "the square root of (")
        .replaceAll("\\bcbrt\\(", "the cube root of (")
        .replaceAll("of \\((-?[\\d.]+)\\)", "of $1")
        .replace(" * ", " times ").replace(" / ", " divided by ").replace(" + ", " plus ")
        .replace(" - ", " minus ").replace(" % ", " modulo ").replace(" ^ ", " to the power of ");
    Matcher f = Pattern.compile("\\((\\d)/(\\d+)\\)").matcher(s);
    StringBuilder out = new StringBuilder();
    while (f.find()) {
      f.appendReplacement(out, Matcher.quoteReplacement(NumberWords.fractionWords(Integer.parseInt(f.group(1)),
          Integer.parseInt(f.group(2)))));
    }
    f.appendTail(out);
    return out.toString().replaceAll("the (\\d+) root", "the $1" + "th root").replace("the 2th", "the 2nd")
        .replace("the 3th", "the 3rd");
  }
}
