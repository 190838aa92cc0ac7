package dev.nexus.bus;

import java.util.List;

/**
 * The finished assistant turn.
 *
 * @param messages every message the turn added: assistant tool calls, tool results, the answer
 * @param finishReason stop, tool_calls, length or cancelled
 */
public record ChatResult(String requestId, String model, String content, List<ToolCall> toolCalls,
    List<ChatMessage> messages, String finishReason, int promptTokens, int completionTokens) implements ChatEvent {
  public ChatResult {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    messages = messages == null ? List.of() : List.copyOf(messages);
  }
}
