package dev.nexus.podcast;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reduces an HTML page to its readable text: no scripts, styles or markup, entities decoded, one line per block. */
final class HtmlText {
  private static final Pattern DROP = Pattern.compile("(?is)<(script|style|noscript|svg|head|nav|footer)\\b.*?</\\1\\s*>");
  private static final Pattern COMMENT = Pattern.compile("(?s)<!--.*?-->");
  private static final Pattern BLOCK = Pattern.compile("(?i)</?(p|div|br|li|h[1-6]|tr|section|article|blockquote)\\b[^>]*>");
  private static final Pattern TAG = Pattern.compile("(?s)<[^>]*>");
  private static final Pattern NUMERIC = Pattern.compile("&#(x?)([0-9a-fA-F]+);");

  private HtmlText() {
  }

  static String of(String html) {
    String text = COMMENT.matcher(html).replaceAll(" ");
    text = DROP.matcher(text).replaceAll(" ");
    text = BLOCK.matcher(text).replaceAll("\n");
    text = TAG.matcher(text).replaceAll(" ");
    Matcher m = NUMERIC.matcher(text);
    StringBuilder decoded = new StringBuilder();
    while (m.find()) {
      int code;
      try {
        code = Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16);
      } catch (NumberFormatException e) {
        code = ' ';
      }
      m.appendReplacement(decoded, Matcher.quoteReplacement(Character.isValidCodePoint(code)
          ? new String(Character.toChars(code)) : " "));
    }
    m.appendTail(decoded);
    text = decoded.toString().replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&quot;", "\"").replace("&#39;", "'").replace("&apos;", "'").replace("&amp;", "&");
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n")) {
      String clean = line.replaceAll("[ \\t\\x0B\\f\\r]+", " ").trim();
      if (!clean.isEmpty()) {
        out.append(clean).append('\n');
      }
    }
    return out.toString().trim();
  }
}
