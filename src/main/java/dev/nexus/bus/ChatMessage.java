package dev.nexus.bus;

import java.util.List;

/**
 * One message of a conversation, in OpenAI's chat shape.
 *
 * @param role system, user, assistant or tool
 * @param toolCalls the calls an assistant message asks for (empty otherwise)
 * @param toolCallId for a tool message: the call it answers
 */
public record ChatMessage(String role, String content, List<ToolCall> toolCalls, String toolCallId,
    String name) {
  public ChatMessage {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content, null, null, null);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content, null, null, null);
  }

  public static ChatMessage assistant(String content, List<ToolCall> calls) {
    return new ChatMessage("assistant", content, calls, null, null);
  }

  public static ChatMessage tool(String toolCallId, String name, String content) {
    return new ChatMessage("tool", content, null, toolCallId, name);
  }
}
