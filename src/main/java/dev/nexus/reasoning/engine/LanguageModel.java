package dev.nexus.reasoning.engine;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.Grounding;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.ToolSpec;
import io.vertx.core.Future;
import java.util.List;

/** A language model engine: one streamed model call at a time, with tool calls and cancellation. */
public interface LanguageModel {
  /**
   * What a model answers, exactly and alone, when its sources do not hold the answer; the reasoning capability
   * asks for it (see {@link #SOURCES_INSTRUCTION}), detects it and strips it.
   */
  String NOT_IN_SOURCES = "[[NOT_IN_SOURCES]]";
  /** The system instruction that asks a model for {@link #NOT_IN_SOURCES}. */
  String SOURCES_INSTRUCTION = "If the user asks a question that the material above does not answer, reply with "
      + "exactly " + NOT_IN_SOURCES + " and nothing else.";

  /** One call of the model. */
  record Call(String model, List<ChatMessage> messages, List<ToolSpec> tools, String toolChoice,
      Double temperature, Integer maxTokens) {
  }

  /**
   * What one call produced. finishReason: stop, tool_calls, length or cancelled.
   *
   * @param grounding the engine's own judgement, or null when it cannot tell
   */
  record Reply(String content, List<ToolCall> toolCalls, String finishReason, int promptTokens,
      int completionTokens, Grounding grounding) {
    /** A reply from an engine that cannot tell whether it answered from its sources. */
    public Reply(String content, List<ToolCall> toolCalls, String finishReason, int promptTokens,
        int completionTokens) {
      this(content, toolCalls, finishReason, promptTokens, completionTokens, null);
    }
  }

  /** Receives text as it is generated. */
  interface Sink {
    /** A piece of text; returns false once the turn is cancelled, and the engine must stop. */
    boolean token(String text);

    /** Whether the turn is still wanted. */
    boolean active();

    /** Runs {@code action} at once when the turn is cancelled (to abort a remote request). */
    void onCancel(Runnable action);
  }

  /** The engine's name, as configured. */
  String name();

  /** The model ids this engine answers to. */
  List<String> models();

  /** Runs one model call, streaming text into the sink. */
  Future<Reply> generate(Call call, Sink sink);

  /** Whether the engine judges its answers' grounding itself; otherwise the capability asks for a sentinel. */
  default boolean judgesGrounding() {
    return false;
  }

  /** A rough token count (words and punctuation marks) for usage figures of engines that have no tokenizer. */
  static int roughTokens(String text) {
    if (text == null || text.isBlank()) {
      return 0;
    }
    return text.trim().split("\\s+|(?=[.,!?;:])").length;
  }
}
