package dev.nexus.bus;

import io.vertx.core.eventbus.EventBus;
import java.util.List;

/** Registers the codec of every bus message type; call once per Vert.x instance (every cluster node). */
public final class Codecs {
  private Codecs() {
  }

  /** The control records that travel as JSON. */
  public static final List<Class<?>> JSON_RECORDS = List.of(
      RequestContext.class, StreamEnd.class, CancelSignal.class, WordTiming.class,
      SynthesisRequest.class, ChatMessage.class, ToolCall.class, ToolSpec.class, ChatRequest.class,
      ChatEvent.Text.class, ChatEvent.ToolCalled.class, ChatEvent.ToolAnswered.class, ChatResult.class, ToolInvocation.class, ToolResult.class, TranscriptionRequest.class,
      Transcription.class, SpeechStreamStart.class, SpeechEvent.class, PodcastQuestion.class, PodcastAnswer.class,
      PodcastOrder.class, ScriptEdits.class);

  /** Registers all codecs; safe to call more than once on the same bus. */
  public static synchronized void register(EventBus bus) {
    for (Class<?> type : JSON_RECORDS) {
      registerJson(bus, type);
    }
    try {
      bus.registerDefaultCodec(AudioChunk.class, new AudioChunkCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // registered by an earlier call on this bus
    }
  }

  private static <T> void registerJson(EventBus bus, Class<T> type) {
    try {
      bus.registerDefaultCodec(type, new JsonRecordCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // registered by an earlier call on this bus
    }
  }
}
