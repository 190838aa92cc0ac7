package dev.nexus.reasoning.grounded;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ToolCall;
import dev.nexus.text.ArithmeticPhrases;
import dev.nexus.text.Calculator;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.List;

/** Answers worded from tool results (and from the engine's own arithmetic): digits in the text, words around them. */
final class ToolAnswers {
  private ToolAnswers() {
  }

  static String fromTools(String question, List<ChatMessage> results, List<ChatMessage> messages) {
    StringBuilder answer = new StringBuilder();
    for (ChatMessage result : results) {
      String name = result.name() != null ? result.name() : toolName(messages, result.toolCallId());
      String content = result.content() == null ? "" : result.content();
      if (answer.length() > 0) {
        answer.append(' ');
      }
      answer.append(switch (name) {
        case "calculator" -> calculator(question, content);
        case "clock" -> clock(content);
        case "document_search", "web_search" -> search(content);
        default -> "The " + name + " tool says: " + content;
      });
    }
    return answer.toString();
  }

  /** OpenAI clients send tool results by call id only: the name is on the assistant's call. */
  private static String toolName(List<ChatMessage> messages, String callId) {
    for (ChatMessage m : messages) {
      for (ToolCall c : m.toolCalls()) {
        if (c.id() != null && c.id().equals(callId)) {
          return c.name();
        }
      }
    }
    return "tool";
  }

  private static String calculator(String question, String content) {
    try {
      new BigDecimal(content.trim());
    } catch (NumberFormatException e) {
      return "I couldn't work that out: " + content + ".";
    }
    ArithmeticPhrases.Arithmetic sum = ArithmeticPhrases.find(question);
    return arithmetic(sum == null ? "the result" : sum.spoken(), content.trim());
  }

  /** The engine's own arithmetic, when no calculator tool is at hand. */
  static String compute(ArithmeticPhrases.Arithmetic sum) {
    try {
      return arithmetic(sum.spoken(), Calculator.format(Calculator.evaluate(sum.expression()), 12));
    } catch (IllegalArgumentException e) {
      String why = String.valueOf(e.getMessage());
      int at = why.indexOf(" at position ");
      return "I couldn't work that out: " + (at > 0 ? why.substring(0, at) : why) + ".";
    }
  }

  /** "12 times 8 is 96." A long decimal is said to six significant digits ("about 0.333333"). */
  static String arithmetic(String spoken, String result) {
    String said = result;
    BigDecimal value = new BigDecimal(result);
    if (value.stripTrailingZeros().scale() > 6 && value.abs().compareTo(new BigDecimal("1e-6")) >= 0) {
      said = "about " + Calculator.format(value.doubleValue(), 6);
    }
    return Character.toUpperCase(spoken.charAt(0)) + spoken.substring(1) + " is " + said + ".";
  }

  private static String clock(String content) {
    try {
      JsonObject now = new JsonObject(content);
      return "It's " + now.getString("spoken") + " (" + now.getString("timezone") + ").";
    } catch (RuntimeException e) {
      return "I couldn't read the clock: " + content + ".";
    }
  }

  private static String search(String content) {
    JsonArray results;
    try {
      results = new JsonObject(content).getJsonArray("results", new JsonArray());
    } catch (RuntimeException e) {
      return "The search didn't work: " + content + ".";
    }
    if (results.isEmpty()) {
      return "I searched, but found nothing on that.";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(2, results.size()); i++) {
      JsonObject r = results.getJsonObject(i);
      String text = r.getString("text", r.getString("snippet", ""));
      String title = r.getString("title", "");
      out.append(i == 0 ? "" : " ").append(title.isBlank() ? "" : "According to " + title + ": ").append(text);
    }
    return out.toString();
  }
}
