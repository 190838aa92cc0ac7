package dev.nexus.bus;

import java.util.List;

/**
 * Asks the reasoning verticle for one assistant turn. Token deltas go to the context's stream
 * address as {@link ChatEvent}s, then one {@link ChatResult}, then a {@link StreamEnd}.
 *
 * @param tools tools the model may call; empty with {@code serverTools} means every registered tool
 * @param serverTools true: the server runs the tool calls itself (through the tools verticle) and
 *     continues until the model answers; false: tool calls are returned to the caller, as OpenAI does
 * @param repeatPrompt send the last user message twice (prompt repetition); null means the engine's default
 */
public record ChatRequest(RequestContext context, String model, List<ChatMessage> messages,
    List<ToolSpec> tools, String toolChoice, boolean serverTools, Double temperature, Integer maxTokens,
    Boolean repeatPrompt) {
  public ChatRequest {
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
  }
}
