package dev.nexus.bus;

/**
 * A piece of a streaming assistant turn: text, or (with {@code toolCall}) a tool call being made,
 * or (with {@code toolResult}) the result of a tool the server ran.
 */
public record ChatDelta(String requestId, int seq, String content, ToolCall toolCall, String toolResult) {
}
