package dev.nexus.text;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * English numbers as people say them and speech recognisers write them: "one hundred forty four",
 * "two thousand and twenty six", "seventeen point five", "three quarters", "two and a half", "negative four",
 * "1.5 million", ordinals ("fourth", "twenty first"). {@link #toDigits} rewrites them into digits and leaves every
 * other word as it was.
 */
public final class NumberWords {
  private static final Map<String, Integer> UNITS = Map.ofEntries(Map.entry("zero", 0), Map.entry("oh", 0),
      Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5),
      Map.entry("six", 6), Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
      Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
      Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17), Map.entry("eighteen", 18),
      Map.entry("nineteen", 19));
  private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fourty", 40,
      "fifty", 50, "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
  private static final Map<String, Long> SCALES = Map.of("thousand", 1_000L, "million", 1_000_000L,
      "billion", 1_000_000_000L, "trillion", 1_000_000_000_000L);
  private static final Map<String, Integer> ORDINALS = Map.ofEntries(Map.entry("first", 1), Map.entry("second", 2),
      Map.entry("third", 3), Map.entry("fourth", 4), Map.entry("fifth", 5), Map.entry("sixth", 6),
      Map.entry("seventh", 7), Map.entry("eighth", 8), Map.entry("ninth", 9), Map.entry("tenth", 10),
      Map.entry("eleventh", 11), Map.entry("twelfth", 12), Map.entry("thirteenth", 13),
      Map.entry("fourteenth", 14), Map.entry("fifteenth", 15), Map.entry("sixteenth", 16),
      Map.entry("seventeenth", 17), Map.entry("eighteenth", 18), Map.entry("nineteenth", 19),
      Map.entry("twentieth", 20), Map.entry("thirtieth", 30), Map.entry("fortieth", 40), Map.entry("fiftieth", 50),
      Map.entry("sixtieth", 60), Map.entry("seventieth", 70), Map.entry("eightieth", 80),
      Map.entry("ninetieth", 90), Map.entry("hundredth", 100), Map.entry("thousandth", 1000));
  /** Denominators: "half", "thirds", "quarter"... */
  private static final Map<String, Integer> DENOMINATORS = Map.ofEntries(Map.entry("half", 2),
      Map.entry("halves", 2), Map.entry("third", 3), Map.entry("thirds", 3), Map.entry("quarter", 4),
      Map.entry("quarters", 4), Map.entry("fourth", 4), Map.entry("fourths", 4), Map.entry("fifth", 5),
      Map.entry("fifths", 5), Map.entry("sixth", 6), Map.entry("sixths", 6), Map.entry("seventh", 7),
      Map.entry("sevenths", 7), Map.entry("eighth", 8), Map.entry("eighths", 8), Map.entry("ninth", 9),
      Map.entry("ninths", 9), Map.entry("tenth", 10), Map.entry("tenths", 10), Map.entry("hundredth", 100),
      Map.entry("hundredths", 100), Map.entry("thousandth", 1000), Map.entry("thousandths", 1000));
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z]+(?:-[A-Za-z]+)*|\\d+(?:\\.\\d+)?|\\s+|.",
      Pattern.DOTALL);
  private static final Pattern DIGITS = Pattern.compile("\\d+(?:\\.\\d+)?");

  private NumberWords() {
  }

  /** The text with its spoken numbers written in digits; fractions that are not exact decimals become (n/d). */
  public static String toDigits(String text) {
    if (text == null) {
      return "";
    }
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text.replaceAll("(\\d),(\\d{3})(?!\\d)", "$1$2"));
    while (m.find()) {
      String t = m.group();
      if (t.length() > 1 && t.indexOf('-') > 0) {
        String[] parts = t.split("-"); // forty-four, twenty-first
        for (int i = 0; i < parts.length; i++) {
          if (i > 0) {
            tokens.add("-");
          }
          tokens.add(parts[i]);
        }
      } else {
        tokens.add(t);
      }
    }
    return new Reader(tokens).read();
  }

  /** The value of an ordinal word ("fourth", "twentieth"), or null. */
  public static Integer ordinal(String word) {
    return word == null ? null : ORDINALS.get(word.toLowerCase(Locale.ROOT));
  }

  private static final String[] SMALL = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
      "nine"};
  private static final String[] PARTS = {null, null, "half", "third", "quarter", "fifth", "sixth", "seventh", "eighth",
      "ninth", "tenth"};

  /** A simple fraction in words: 1/2 is "a half", 2/3 "two thirds"; other fractions as n/d. */
  public static String fractionWords(int numerator, int denominator) {
    if (numerator < 1 || numerator > 9 || denominator < 2 || denominator >= PARTS.length) {
      return numerator + "/" + denominator;
    }
    String part = PARTS[denominator];
    if (numerator == 1) {
      return "a " + part;
    }
    return SMALL[numerator] + " " + (denominator == 2 ? "halves" : part + "s");
  }

  /** Writes {@code numerator/denominator}: an exact short decimal where there is one, else (n/d). */
  static String fraction(BigDecimal numerator, int denominator) {
    try {
      BigDecimal exact = numerator.divide(BigDecimal.valueOf(denominator));
      if (exact.scale() <= 4) {
        return plain(exact);
      }
    } catch (ArithmeticException e) {
      // a repeating decimal: keep the fraction
    }
    return "(" + plain(numerator) + "/" + denominator + ")";
  }

  static String plain(BigDecimal value) {
    BigDecimal v = value.stripTrailingZeros();
    return (v.scale() < 0 ? v.setScale(0) : v).toPlainString();
  }

  /** Reads tokens left to right, replacing each spoken number with its digits. */
  private static final class Reader {
    private final List<String> tokens;
    private final StringBuilder out = new StringBuilder();
    private int pos;
    /** Set by cardinal(): the number ended in a tens word ("twenty"), it was an ordinal, it was plain digits. */
    private boolean endsWithTens;
    private Integer ordinalValue;
    private String literal;

    Reader(List<String> tokens) {
      this.tokens = tokens;
    }

    String read() {
      while (pos < tokens.size()) {
        int start = pos;
        String number = number();
        if (number != null) {
          out.append(number);
        } else {
          pos = start;
          out.append(tokens.get(pos++));
        }
      }
      return out.toString();
    }

    private String word(int at) {
      return at >= 0 && at < tokens.size() ? tokens.get(at).toLowerCase(Locale.ROOT) : "";
    }

    /** The index of the word after {@code at}, skipping one space or hyphen; -1 at the end. */
    private int next(int at) {
      int i = at + 1;
      if (i < tokens.size() && (tokens.get(i).isBlank() || tokens.get(i).equals("-"))) {
        i++;
      }
      return i < tokens.size() ? i : -1;
    }

    /** A number starting at pos, or null; on success pos is past it. */
    private String number() {
      boolean negative = word(pos).equals("negative");
      if (negative) {
        int n = next(pos);
        if (n < 0) {
          return null;
        }
        pos = n;
      }
      String sign = negative ? "-" : "";
      BigDecimal whole = cardinal();
      if (whole == null) {
        if (word(pos).equals("point") && next(pos) >= 0) {
          pos = next(pos);
          String decimals = decimals();
          return decimals == null ? null : sign + "0." + decimals;
        }
        String fraction = articleFraction(BigDecimal.ZERO);
        return fraction == null ? null : sign + fraction;
      }
      if (ordinalValue != null) {
        return ordinalValue + suffix(ordinalValue);
      }
      int after = pos;
      int n = next(pos - 1);
      String w = word(n);
      String result = null;
      if (w.equals("point") && next(n) >= 0) {
        pos = next(n);
        String decimals = decimals();
        result = decimals == null ? null : plain(new BigDecimal(plain(whole) + "." + decimals));
      } else if (w.equals("and") && (word(next(n)).equals("a") || word(next(n)).equals("one"))) {
        pos = next(n);
        result = articleFraction(whole);
      } else if (DENOMINATORS.containsKey(w) && whole.compareTo(BigDecimal.valueOf(100)) < 0 && !endsWithTens) {
        pos = n + 1;
        result = fraction(whole, DENOMINATORS.get(w));
      }
      if (result == null) {
        pos = after;
        result = literal != null ? literal : plain(whole);
      }
      return sign + result;
    }

    /** "a half", "one third", "a quarter", "half" (also after "and" in "two and a half"); pos at the article. */
    private String articleFraction(BigDecimal whole) {
      String article = word(pos);
      if (article.equals("half")) {
        pos++;
        return fraction(whole.multiply(BigDecimal.valueOf(2)).add(BigDecimal.ONE), 2);
      }
      if (!article.equals("a") && !article.equals("one")) {
        return null;
      }
      int n = next(pos);
      String d = word(n);
      Integer den = DENOMINATORS.get(d);
      if (den == null || d.endsWith("s") || article.equals("a") && den > 4 && whole.signum() == 0) {
        return null; // "a fifth" is more often "a fifth time" than a fraction; halves, thirds, quarters are fractions
      }
      pos = n + 1;
      return fraction(whole.multiply(BigDecimal.valueOf(den)).add(BigDecimal.ONE), den);
    }

    /** The digits after "point": digit words ("one four") or digits. */
    private String decimals() {
      StringBuilder digits = new StringBuilder();
      int last = -1;
      int i = pos;
      while (i >= 0 && UNITS.containsKey(word(i)) && UNITS.get(word(i)) < 10) {
        digits.append(UNITS.get(word(i)));
        last = i;
        i = next(i);
      }
      if (digits.length() > 0) {
        pos = last + 1;
        return digits.toString();
      }
      if (word(pos).matches("\\d+")) {
        return tokens.get(pos++);
      }
      return null;
    }

    /** A whole number in words or digits (with scales: "1.5 million"), or null; pos is past it. */
    private BigDecimal cardinal() {
      endsWithTens = false;
      ordinalValue = null;
      literal = null;
      String w = word(pos);
      if (DIGITS.matcher(w).matches()) {
        BigDecimal value = new BigDecimal(w);
        int n = next(pos);
        pos++;
        if (n >= 0 && SCALES.containsKey(word(n))) {
          pos = n + 1;
          return value.multiply(BigDecimal.valueOf(SCALES.get(word(n))));
        }
        literal = tokens.get(pos - 1);
        return value;
      }
      BigDecimal total = BigDecimal.ZERO;
      BigDecimal group = BigDecimal.ZERO;
      boolean any = false;
      boolean article = w.equals("a") && (word(next(pos)).equals("hundred") || SCALES.containsKey(word(next(pos))));
      int i = article ? next(pos) : pos;
      int end = pos;
      while (i >= 0 && i < tokens.size()) {
        String t = word(i);
        boolean roundGroup = group.remainder(BigDecimal.valueOf(100)).signum() == 0;
        if (UNITS.containsKey(t) && !t.equals("oh") && (!any || endsWithTens || roundGroup)) {
          group = group.add(BigDecimal.valueOf(UNITS.get(t)));
          endsWithTens = false;
        } else if (TENS.containsKey(t) && (!any || roundGroup)) {
          group = group.add(BigDecimal.valueOf(TENS.get(t)));
          endsWithTens = true;
        } else if (t.equals("hundred") && (any || article) && group.compareTo(BigDecimal.valueOf(100)) < 0) {
          group = (group.signum() == 0 ? BigDecimal.ONE : group).multiply(BigDecimal.valueOf(100));
          endsWithTens = false;
        } else if (SCALES.containsKey(t) && (any || article)) {
          total = total.add((group.signum() == 0 ? BigDecimal.ONE : group).multiply(BigDecimal.valueOf(SCALES.get(t))));
          group = BigDecimal.ZERO;
          endsWithTens = false;
        } else if (t.equals("and") && any && (word(i - 2).equals("hundred") || SCALES.containsKey(word(i - 2)))
            && (UNITS.containsKey(word(next(i))) || TENS.containsKey(word(next(i))))) {
          i = next(i);
          continue;
        } else if (ORDINALS.containsKey(t) && (endsWithTens || !any) && !(!any && t.equals("second"))) {
          group = group.add(BigDecimal.valueOf(ORDINALS.get(t)));
          ordinalValue = total.add(group).intValue();
          end = i + 1;
          any = true;
          break;
        } else {
          break;
        }
        any = true;
        end = i + 1;
        i = next(i);
      }
      if (!any) {
        return null;
      }
      pos = end;
      return total.add(group);
    }

    private static String suffix(int n) {
      int mod100 = n % 100;
      if (mod100 >= 11 && mod100 <= 13) {
        return "th";
      }
      return switch (n % 10) {
        case 1 -> "st";
        case 2 -> "nd";
        case 3 -> "rd";
        default -> "th";
      };
    }
  }
}
