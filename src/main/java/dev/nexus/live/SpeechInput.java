package dev.nexus.live;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.SpeechEvent;
import dev.nexus.bus.SpeechStreamStart;
import dev.nexus.bus.client.StageStream;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
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
  private final StageStream<SpeechEvent> stream;
  private final List<byte[]> backlog = new ArrayList<>();
  private boolean ready;
  private boolean closed;
  private int seq;
  private long audioMs;

  private SpeechInput(Vertx vertx, String session, int sampleRate) {
    this.vertx = vertx;
    this.ctx = RequestContext.newRequest(session);
    this.sampleRate = sampleRate;
    this.stream = StageStream.of(vertx, "speech", Addresses.SPEECH_STREAM, ctx, SpeechEvent.class);
  }

  /**
   * Opens a stream; audio may be appended at once. {@code failed} hears why the stream could not open; a stream
   * the speech stage fails later arrives as an {@code error} event.
   */
  public static SpeechInput open(Vertx vertx, String session, int sampleRate, String language, Vad vad,
      Consumer<SpeechEvent> events, Consumer<Throwable> failed) {
    SpeechInput input = new SpeechInput(vertx, session, sampleRate);
    input.stream.handler(events::accept).exceptionHandler(err -> {
      if (input.ready) {
        events.accept(new SpeechEvent(input.ctx.requestId(), "error", -1, input.audioMs, err.getMessage()));
      }
    });
    input.stream.send(new SpeechStreamStart(input.ctx, sampleRate, language, true, vad.threshold(),
            vad.prefixPaddingMs(), vad.silenceDurationMs()))
        .onSuccess(reply -> {
          if (!input.closed) {
            input.ready = true;
            input.backlog.forEach(input::forward);
            input.backlog.clear();
          }
        })
        .onFailure(err -> {
          if (!input.closed) {
            input.closed = true;
            input.backlog.clear();
            failed.accept(err);
          }
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
      return stream.settled();
    }
    closed = true;
    backlog.clear();
    return stream.cancel("closed");
  }
}
