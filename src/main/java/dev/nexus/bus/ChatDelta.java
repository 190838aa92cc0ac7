package dev.nexus.bus;

/**
 * A piece of a streaming assistant turn: text, or (with {@code toolCall}) a tool call being made,
 * or (with {@code toolResult}) the result of a tool the server ran; {@code toolFailed} when that tool failed
 * (threw, refused, or gave no answer in time), which the model is told and the client may be shown.
 */
public record ChatDelta(String requestId, int seq, String content, ToolCall toolCall, String toolResult,
    boolean toolFailed) {
  /** A piece of the answer's text. */
  public static ChatDelta text(String requestId, int seq, String text) {
    return new ChatDelta(requestId, seq, text, null, null, false);
  }

  /** A tool call the model makes. */
  public static ChatDelta call(String requestId, int seq, ToolCall call) {
    return new ChatDelta(requestId, seq, null, call, null, false);
  }
}
