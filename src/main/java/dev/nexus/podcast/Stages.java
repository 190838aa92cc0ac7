package dev.nexus.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.Grounding;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.SynthesisRequest;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import dev.nexus.bus.WordTiming;
import dev.nexus.bus.client.StageStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The other stages as the podcast verticle uses them: whole answers, whole turns of audio, tool calls.
 *
 * @param session the session its requests belong to
 * @param timeoutMs how long one stage request may take
 */
public record Stages(Vertx vertx, String session, long timeoutMs) {
  /** A turn's audio and where its words start, in milliseconds from the turn's start. */
  public record Speech(byte[] pcm, List<WordTiming> words) {
  }

  /** One assistant answer: the system messages, the user's message, and (with {@code tools}) the server's tools. */
  public Future<String> ask(List<String> system, String user, boolean tools) {
    List<ChatMessage> messages = new ArrayList<>();
    system.forEach(s -> messages.add(ChatMessage.system(s)));
    messages.add(ChatMessage.user(user));
    RequestContext ctx = RequestContext.newRequest(session);
    return StageStream.collect(vertx, "reasoning", Addresses.REASONING_CHAT, ctx, ChatResult.class,
            new ChatRequest(ctx, null, messages, List.of(), null, tools, null, null, null), timeoutMs)
        .compose(results -> results.isEmpty() ? Future.failedFuture("the reasoning stage gave no answer")
            : Future.succeededFuture(
                results.get(0).grounding() == Grounding.NOT_IN_SOURCES ? "" : results.get(0).content()));
  }

  /** A whole text spoken in one voice. */
  public Future<Speech> speak(String text, String voice, int sampleRate) {
    RequestContext ctx = RequestContext.newRequest(session);
    return StageStream.collect(vertx, "synthesis", Addresses.SYNTHESIS_SPEAK, ctx, AudioChunk.class,
        new SynthesisRequest(ctx, text, voice, sampleRate, 1.0, 1.0, 0), timeoutMs).map(chunks -> {
          ByteArrayOutputStream pcm = new ByteArrayOutputStream();
          List<WordTiming> words = new ArrayList<>();
          for (AudioChunk chunk : chunks) {
            pcm.writeBytes(chunk.pcm());
            words.addAll(chunk.words());
          }
          return new Speech(pcm.toByteArray(), words);
        });
  }

  /** Calls a server tool; the tool's text, or a failure with its error. */
  public Future<String> tool(String name, String arguments) {
    return vertx.eventBus().<ToolResult>request(Addresses.tool(name),
            new ToolInvocation(RequestContext.newRequest(session), name, arguments))
        .compose(m -> m.body().error() ? Future.failedFuture(m.body().content()) : Future.succeededFuture(m.body().content()));
  }
}
