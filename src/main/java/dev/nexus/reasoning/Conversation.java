package dev.nexus.reasoning;

import dev.nexus.bus.ChatMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * The conversation of one session: its messages, kept within a character budget (the oldest turns
 * go first; system messages stay), and assistant messages cut back to what the listener heard.
 */
public final class Conversation {
  private final int budgetChars;
  private final List<ChatMessage> messages = new ArrayList<>();

  public Conversation(int budgetChars) {
    this.budgetChars = budgetChars;
  }

  public synchronized void add(ChatMessage message) {
    messages.add(message);
  }

  public synchronized void addAll(List<ChatMessage> added) {
    messages.addAll(added);
  }

  /** Replaces the system instructions (the first system message). */
  public synchronized void instructions(String text) {
    if (!messages.isEmpty() && messages.get(0).role().equals("system")) {
      messages.set(0, ChatMessage.system(text));
    } else {
      messages.add(0, ChatMessage.system(text));
    }
  }

  /**
   * Cuts the latest assistant message to the first {@code heardChars} characters (at a word end), as
   * the listener heard only that much before interrupting. Returns the text that remains.
   */
  public synchronized String truncateLastAssistant(int heardChars) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      ChatMessage m = messages.get(i);
      if (m.role().equals("assistant") && m.content() != null) {
        String heard = cutAtWord(m.content(), heardChars);
        messages.set(i, new ChatMessage("assistant", heard, m.toolCalls(), m.toolCallId(), m.name()));
        return heard;
      }
    }
    return null;
  }

  static String cutAtWord(String text, int chars) {
    if (chars >= text.length()) {
      return text;
    }
    if (chars <= 0) {
      return "";
    }
    int end = chars;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++; // a word the listener began hearing counts as heard
    }
    return text.substring(0, end).trim();
  }

  /** The messages to send to the model: system messages, then the newest others that fit the budget. */
  public synchronized List<ChatMessage> window() {
    List<ChatMessage> system = messages.stream().filter(m -> m.role().equals("system")).toList();
    int used = system.stream().mapToInt(Conversation::size).sum();
    List<ChatMessage> recent = new ArrayList<>();
    for (int i = messages.size() - 1; i >= 0; i--) {
      ChatMessage m = messages.get(i);
      if (m.role().equals("system")) {
        continue;
      }
      if (used + size(m) > budgetChars && !recent.isEmpty()) {
        break;
      }
      used += size(m);
      recent.add(0, m);
    }
    // a tool result without the assistant call before it confuses models: drop leading tool messages
    while (!recent.isEmpty() && recent.get(0).role().equals("tool")) {
      recent.remove(0);
    }
    List<ChatMessage> out = new ArrayList<>(system);
    out.addAll(recent);
    return out;
  }

  private static int size(ChatMessage m) {
    return m.content() == null ? 0 : m.content().length();
  }

  public synchronized List<ChatMessage> messages() {
    return List.copyOf(messages);
  }
}
