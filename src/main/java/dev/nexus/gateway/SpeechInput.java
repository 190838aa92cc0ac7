package dev.nexus.gateway;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.SpeechEvent;
import dev.nexus.bus.SpeechStreamStart;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A socket's microphone as a server-VAD speech stream: PCM16 goes to the speech verticle in order,
 * audio that arrives while the stream opens waits, and the stream's {@link SpeechEvent}s come back to
 * {@code events}. Event-loop only.
 */
public final class SpeechInput {
  /** Server VAD parameters. */
  public record Vad(double threshold, int prefixPaddingMs, int silenceDurationMs) {
  }

  private final Vertx vertx;
  private final RequestContext ctx;
  private final int sampleRate;
  private final Consumer<SpeechEvent> events;
  private final MessageConsumer<Object> consumer;
  private final List<byte[]> backlog = new ArrayList<>();
  private boolean ready;
  private boolean closed;
  private int seq;
  private long audioMs;

  private SpeechInput(Vertx vertx, String session, int sampleRate, Consumer<SpeechEvent> events) {
    this.vertx = vertx;
    this.ctx = RequestContext.newRequest(session);
    this.sampleRate = sampleRate;
    this.events = events;
    this.consumer = vertx.eventBus().consumer(ctx.streamAddress(), message -> {
      if (!closed && message.body() instanceof SpeechEvent event) {
        this.events.accept(event);
      }
    });
  }

  /**
   * Opens a stream; audio may be appended at once. {@code failed} hears why the stream could not open.
   */
  public static SpeechInput open(Vertx vertx, String session, int sampleRate, String language, Vad vad,
      Consumer<SpeechEvent> events, Consumer<Throwable> failed) {
    SpeechInput input = new SpeechInput(vertx, session, sampleRate, events);
    input.consumer.completion()
        .compose(v -> vertx.eventBus().request(Addresses.SPEECH_STREAM, new SpeechStreamStart(input.ctx, sampleRate,
            language, true, vad.threshold(), vad.prefixPaddingMs(), vad.silenceDurationMs())))
        .onSuccess(reply -> {
          if (!input.closed) {
            input.ready = true;
            input.backlog.forEach(input::forward);
            input.backlog.clear();
          }
        })
        .onFailure(err -> {
          input.close();
          failed.accept(err);
        });
    return input;
  }

  public void append(byte[] pcm) {
    if (closed) {
      return;
    }
    if (ready) {
      forward(pcm);
    } else {
      backlog.add(pcm);
    }
  }

  /** Ends the utterance in progress (an empty chunk). */
  public void commit() {
    append(new byte[0]);
  }

  private void forward(byte[] pcm) {
    long startMs = audioMs;
    audioMs += pcm.length / 2 * 1000L / sampleRate;
    vertx.eventBus().send(Addresses.speechAudio(ctx.requestId()),
        new AudioChunk(ctx.requestId(), seq++, sampleRate, startMs, pcm, List.of()),
        new DeliveryOptions().addHeader(Addresses.SENT_AT_HEADER, String.valueOf(Addresses.epochMicros())));
  }

  public boolean closed() {
    return closed;
  }

  public int sampleRate() {
    return sampleRate;
  }

  /** Stops the stream; completes once the speech verticle has let it go. */
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    backlog.clear();
    return CancelToken.cancel(vertx, ctx, "closed").onComplete(v -> consumer.unregister()).mapEmpty();
  }
}
