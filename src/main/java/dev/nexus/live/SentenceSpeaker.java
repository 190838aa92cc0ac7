package dev.nexus.live;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageException;
import dev.nexus.bus.SynthesisRequest;
import dev.nexus.bus.client.StageStream;
import dev.nexus.text.Sentences;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;

/**
 * Speaks text on a live socket: text (whole, or streamed as a model writes it and cut into sentences) is synthesised
 * one piece at a time, and the audio leaves through a paced outbox with the start of each piece, its audio and its
 * end, in order, so the listener's word timings are known. Its synthesis requests are tracked by the
 * {@link Interruption}, which also empties its queues. Event-loop only.
 *
 * @param <P> what a piece of speech belongs to (a podcast turn, an assistant item)
 */
public final class SentenceSpeaker<P> {
  /** The voice a piece is spoken in, and how its audio is cut. */
  public record Voice(String voice, int sampleRate, double speed, int chunkMs) {
  }

  /** Pacing: how far ahead of real time audio may go, the socket's room, and what to do with a stuck reader. */
  public record Pacing(int sendAheadMs, BooleanSupplier writable, long stuckAfterMs, Runnable stuck) {
  }

  /** What the speaker tells its owner, in the order the listener hears it. */
  public interface Listener<P> {
    /** A piece begins, {@code atMs} into the socket's audio. */
    void started(P piece, String text, double atMs);

    /** A chunk of a piece leaves; its words start at {@code pieceStartMs} plus their own start. */
    void audio(P piece, AudioChunk chunk, double pieceStartMs);

    /** All of a piece's audio has left. */
    void ended(P piece);

    /** A piece could not be synthesised (the speaker carries on with the next). */
    void failed(P piece, StageException failure);

    /** Nothing is waiting to be synthesised and the outbox has room: a chance to queue more. */
    default void hungry() {
    }

    /** The outbox ran empty. */
    default void drained() {
    }
  }

  private enum Kind { START, AUDIO, END, ACTION }

  private record Out<P>(Kind kind, P piece, String text, AudioChunk chunk, Runnable action) {
  }

  /** Text waiting to be synthesised, or (with {@code action}) a point in the speech to act at. */
  private record Pending<P>(P piece, String text, Voice voice, Runnable action) {
    Pending(P piece, String text, Voice voice) {
      this(piece, text, voice, null);
    }
  }

  private final Vertx vertx;
  private final String sessionId;
  private final Interruption interruption;
  private final Listener<P> listener;
  private final AudioPacer<Out<P>> outbox;
  private final Sentences sentences = new Sentences(240);
  private final Deque<Pending<P>> pending = new ArrayDeque<>();
  private Sentences.Cutter cutter = sentences.cutter();
  private StageStream<AudioChunk> synthesis;
  private double maxQueuedMs = Double.MAX_VALUE;
  private long stageTimeoutMs = -1;
  private double pieceStartMs;
  private long refill = -1;

  public SentenceSpeaker(Vertx vertx, String sessionId, Interruption interruption, Pacing pacing,
      Listener<P> listener) {
    this.vertx = vertx;
    this.sessionId = sessionId;
    this.interruption = interruption;
    this.listener = listener;
    this.outbox = new AudioPacer<Out<P>>(vertx, pacing.sendAheadMs(), pacing.writable(),
        out -> out.chunk() == null ? 0 : out.chunk().durationMs(), this::emit, this::drained)
        .onStuck(pacing.stuckAfterMs(), pacing.stuck());
    interruption.onInterrupt(this::dropQueued);
  }

  /** Synthesises at most this much audio ahead of what has left (a long episode is not synthesised at once). */
  public SentenceSpeaker<P> maxQueuedMs(double ms) {
    this.maxQueuedMs = ms;
    return this;
  }

  /** Fails a piece whose synthesis stage sends nothing for this long (its node may have gone). */
  public SentenceSpeaker<P> stageTimeoutMs(long ms) {
    this.stageTimeoutMs = ms;
    return this;
  }

  /** Speaks a whole text as one piece. */
  public void say(P piece, String text, Voice voice) {
    pending.add(new Pending<>(piece, text, voice));
    next();
  }

  /** Adds streamed text; each sentence it completes is spoken as a piece. */
  public void feed(P piece, String delta, Voice voice) {
    cutter.add(delta).forEach(sentence -> pending.add(new Pending<>(piece, sentence, voice)));
    next();
  }

  /** The streamed text is complete: what is left of it is spoken too. */
  public void flush(P piece, Voice voice) {
    cutter.flush().forEach(sentence -> pending.add(new Pending<>(piece, sentence, voice)));
    next();
  }

  /** Runs {@code action} when the speech reaches this point (after everything queued before it has left). */
  public void then(Runnable action) {
    pending.add(new Pending<>(null, null, null, action));
    next();
  }

  private void next() {
    if (synthesis != null || outbox.closed()) {
      return;
    }
    if (outbox.queuedMs() > maxQueuedMs) {
      if (refill < 0) {
        refill = vertx.setTimer(250, t -> {
          refill = -1;
          next();
        });
      }
      return;
    }
    if (pending.isEmpty()) {
      listener.hungry();
      return;
    }
    Pending<P> piece = pending.poll();
    if (piece.action() != null) {
      outbox.add(new Out<>(Kind.ACTION, null, null, null, piece.action()));
      next();
      return;
    }
    if (piece.text().isBlank()) {
      next();
      return;
    }
    RequestContext context = RequestContext.newRequest(sessionId);
    StageStream<AudioChunk> stream = StageStream.of(vertx, "synthesis", Addresses.SYNTHESIS_SPEAK, context,
        AudioChunk.class).idleTimeout(stageTimeoutMs);
    synthesis = interruption.track(stream);
    stream.handler(chunk -> outbox.add(new Out<>(Kind.AUDIO, piece.piece(), null, chunk, null)))
        .endHandler(end -> pieceDone(stream, piece, null))
        .exceptionHandler(failure -> pieceDone(stream, piece, failure));
    // the piece's start is queued after synthesis is set: the outbox may run dry at once and ask whether all is done
    outbox.add(new Out<>(Kind.START, piece.piece(), piece.text(), null, null));
    Voice voice = piece.voice();
    stream.send(new SynthesisRequest(context, piece.text(), voice.voice(), voice.sampleRate(), voice.speed(), 1.0,
        voice.chunkMs()));
  }

  private void pieceDone(StageStream<AudioChunk> stream, Pending<P> piece, StageException failure) {
    if (synthesis != stream) {
      return;
    }
    synthesis = null;
    if (failure != null) {
      listener.failed(piece.piece(), failure);
    }
    outbox.add(new Out<>(Kind.END, piece.piece(), null, null, null));
    next();
  }

  private void emit(Out<P> out) {
    switch (out.kind()) {
      case START -> {
        pieceStartMs = outbox.sentMs();
        listener.started(out.piece(), out.text(), pieceStartMs);
      }
      case AUDIO -> listener.audio(out.piece(), out.chunk(), pieceStartMs);
      case END -> listener.ended(out.piece());
      case ACTION -> out.action().run();
      default -> throw new IllegalStateException(out.kind().name());
    }
  }

  private void drained() {
    listener.drained();
    next();
  }

  /** Drops everything queued: text waiting for synthesis and audio waiting to leave. */
  private void dropQueued() {
    pending.clear();
    cutter = sentences.cutter();
    synthesis = null;
    if (refill >= 0) {
      vertx.cancelTimer(refill);
      refill = -1;
    }
    outbox.clear();
  }

  /** Nothing waits to be synthesised, nothing is being synthesised, and the outbox is empty. */
  public boolean idle() {
    return pending.isEmpty() && synthesis == null && outbox.idle();
  }

  public void pause() {
    outbox.pause();
  }

  public void resume() {
    outbox.resume();
  }

  public boolean paused() {
    return outbox.paused();
  }

  /** Milliseconds of audio sent on this socket. */
  public double sentMs() {
    return outbox.sentMs();
  }

  /** Milliseconds of audio waiting in the outbox. */
  public double queuedMs() {
    return outbox.queuedMs();
  }

  /** The paced outbox, for the heard-timeline's estimate. */
  public AudioPacer<?> pacer() {
    return outbox;
  }

  /** The listener has gone: nothing more is queued or sent, and no timer stays. */
  public void close() {
    dropQueued();
    outbox.close();
  }
}
