package dev.nexus.bus;

/**
 * A piece of a streaming assistant turn, as the reasoning stage sends it before its {@link ChatResult}: a piece of
 * the answer's text, a tool call the model makes, or the result of a tool the server ran for it. A sealed type, so
 * every consumer handles each kind by name instead of probing nullable fields. The finished turn, {@link ChatResult},
 * is the last event before the stream's end.
 */
public sealed interface ChatEvent permits ChatEvent.Text, ChatEvent.ToolCalled, ChatEvent.ToolAnswered, ChatResult {
  /** The request this piece belongs to. */
  String requestId();

  /** A piece of the answer's text. */
  record Text(String requestId, int seq, String text) implements ChatEvent {
  }

  /** A tool call the model makes (for the client to run, or for the server when it runs its own tools). */
  record ToolCalled(String requestId, int seq, ToolCall call) implements ChatEvent {
  }

  /**
   * The result of a tool the server ran; {@code failed} when the tool threw, refused or gave no answer in time
   * (the model is told, and the client may be shown).
   */
  record ToolAnswered(String requestId, int seq, ToolCall call, String result, boolean failed) implements ChatEvent {
  }
}
