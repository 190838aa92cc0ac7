package dev.nexus.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.Grounding;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.SynthesisRequest;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import dev.nexus.bus.WordTiming;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** The other stages as the podcast verticle uses them: whole answers, whole turns of audio, tool calls. */
public final class Stages {
  /** A turn's audio and where its words start, in milliseconds from the turn's start. */
  public record Speech(byte[] pcm, List<WordTiming> words) {
  }

  private final Vertx vertx;
  private final String session;
  private final long timeoutMs;

  public Stages(Vertx vertx, String session, long timeoutMs) {
    this.vertx = vertx;
    this.session = session;
    this.timeoutMs = timeoutMs;
  }

  /** One assistant answer: the system messages, the user's message, and (with {@code tools}) the server's tools. */
  public Future<String> ask(List<String> system, String user, boolean tools) {
    List<ChatMessage> messages = new ArrayList<>();
    system.forEach(s -> messages.add(ChatMessage.system(s)));
    messages.add(ChatMessage.user(user));
    RequestContext ctx = RequestContext.newRequest(session);
    Promise<String> answer = Promise.promise();
    String[] content = new String[1];
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(ctx.streamAddress(), m -> {
      if (m.body() instanceof ChatResult result) {
        content[0] = result.grounding() == Grounding.NOT_IN_SOURCES ? "" : result.content();
      } else if (m.body() instanceof StreamEnd end) {
        if (end.status() == StreamEnd.Status.DONE && content[0] != null) {
          answer.tryComplete(content[0]);
        } else {
          answer.tryFail("the " + end.stage() + " stage " + end.status().name().toLowerCase() + ": " + end.message());
        }
      }
    });
    return stream(consumer, ctx, answer, Addresses.REASONING_CHAT,
        new ChatRequest(ctx, null, messages, List.of(), null, tools, null, null, null));
  }

  /** A whole text spoken in one voice. */
  public Future<Speech> speak(String text, String voice, int sampleRate) {
    RequestContext ctx = RequestContext.newRequest(session);
    Promise<Speech> done = Promise.promise();
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    List<WordTiming> words = new ArrayList<>();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(ctx.streamAddress(), m -> {
      if (m.body() instanceof AudioChunk chunk) {
        pcm.writeBytes(chunk.pcm());
        words.addAll(chunk.words());
      } else if (m.body() instanceof StreamEnd end) {
        if (end.status() == StreamEnd.Status.DONE) {
          done.tryComplete(new Speech(pcm.toByteArray(), words));
        } else {
          done.tryFail("the synthesis stage " + end.status().name().toLowerCase() + ": " + end.message());
        }
      }
    });
    return stream(consumer, ctx, done, Addresses.SYNTHESIS_SPEAK,
        new SynthesisRequest(ctx, text, voice, sampleRate, 1.0, 1.0, 0));
  }

  /** Calls a server tool; the tool's text, or a failure with its error. */
  public Future<String> tool(String name, String arguments) {
    return vertx.eventBus().<ToolResult>request(Addresses.tool(name),
            new ToolInvocation(RequestContext.newRequest(session), name, arguments))
        .compose(m -> m.body().error() ? Future.failedFuture(m.body().content()) : Future.succeededFuture(m.body().content()));
  }

  private <T> Future<T> stream(MessageConsumer<Object> consumer, RequestContext ctx, Promise<T> result, String address,
      Object request) {
    long timer = vertx.setTimer(timeoutMs, t -> {
      if (result.tryFail("no answer from " + address + " within " + timeoutMs + " ms")) {
        CancelToken.cancel(vertx, ctx, "timeout");
      }
    });
    consumer.completion().compose(v -> vertx.eventBus().request(address, request))
        .onFailure(err -> result.tryFail(err));
    return result.future().onComplete(v -> {
      vertx.cancelTimer(timer);
      consumer.unregister();
    });
  }
}
