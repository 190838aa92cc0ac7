package dev.nexus.bus;

import java.util.List;

/**
 * The finished assistant turn.
 *
 * @param messages every message the turn added: assistant tool calls, tool results, the answer
 * @param finishReason stop, tool_calls, length or cancelled
 * @param grounding whether the answer rests on its sources; every engine path sets it, never null
 */
public record ChatResult(String requestId, String model, String content, List<ToolCall> toolCalls,
    List<ChatMessage> messages, String finishReason, int promptTokens, int completionTokens, Grounding grounding)
    implements ChatEvent {
  public ChatResult {
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    messages = messages == null ? List.of() : List.copyOf(messages);
    grounding = grounding == null ? Grounding.UNCHECKED : grounding;
  }

  /** A turn whose grounding nobody checked. */
  public ChatResult(String requestId, String model, String content, List<ToolCall> toolCalls,
      List<ChatMessage> messages, String finishReason, int promptTokens, int completionTokens) {
    this(requestId, model, content, toolCalls, messages, finishReason, promptTokens, completionTokens,
        Grounding.UNCHECKED);
  }

  /** True when the answer rests on its sources (or a tool's result): what a caller that must not invent reads. */
  public boolean grounded() {
    return grounding == Grounding.GROUNDED;
  }
}
