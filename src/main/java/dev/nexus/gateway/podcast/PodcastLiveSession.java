package dev.nexus.gateway.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.PodcastAnswer;
import dev.nexus.bus.PodcastQuestion;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageException;
import dev.nexus.bus.WordTiming;
import dev.nexus.bus.client.StageStream;
import dev.nexus.gateway.base.EventSocket;
import dev.nexus.live.HeardTimeline;
import dev.nexus.live.Interruption;
import dev.nexus.live.SentenceSpeaker;
import dev.nexus.metrics.LatencyLedger;
import dev.nexus.podcast.PodcastScript;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live, interruptible podcast on one WebSocket, as protocol over the live layer: the script's turns go to a
 * {@link SentenceSpeaker} (each in its host's voice), every word sent is marked on the {@link HeardTimeline}, and an
 * interruption (typed, or spoken and caught by server VAD) is the live layer's {@link Interruption}: the audio stops
 * at once, every synthesis and answer request in flight is cancelled, the cursor moves back to the word the listener
 * last heard, the podcast capability has the best placed host answer, and the episode resumes from that word.
 */
final class PodcastLiveSession implements SentenceSpeaker.Listener<Piece>, EpisodeFeed.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(PodcastLiveSession.class);
  private static final int OUTPUT_RATE = 24000;
  private static final double PREFETCH_MS = 8000;
  /** How long a spoken interruption may take to become a question before the episode carries on. */
  private static final long LISTEN_MS = 20_000;
  private static final String CARRY_ON = "Let's pick up where we left off.";

  record Options(int sendAheadMs, int chunkMs) {
  }

  private enum State { LOADING, READY, PLAYING, PAUSED, ANSWERING, LISTENING, DONE }

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final EventSocket socket;
  private final Options options;
  private final JsonObject order;
  private final PodcastOutput output;
  private final LatencyLedger ledger;
  private final LiveCursors cursors;
  private final LiveMetrics metrics = new LiveMetrics();
  private final Interruption interruption = new Interruption();
  private final SentenceSpeaker<Piece> speaker;
  private final HeardTimeline<Piece> timeline = new HeardTimeline<>();
  private final EpisodeFeed feed;
  private final Runnable release;
  private String podcastId;
  private PodcastScript script;
  private State state = State.LOADING;
  private boolean startWhenReady;
  private Cursor cursor = Cursor.START;
  private Cursor next;
  private final PodcastVoice voice;
  private final SessionRecording recording;

  PodcastLiveSession(Vertx vertx, ServerWebSocket ws, Options options, String podcastId, JsonObject order,
      String session, int inputRate, boolean binary, LatencyLedger ledger, Runnable release) {
    this.release = release;
    this.vertx = vertx;
    this.ws = ws;
    this.socket = new EventSocket(ws, "podcast");
    this.options = options;
    this.podcastId = podcastId;
    this.order = order;
    this.ledger = ledger;
    boolean resumed = session != null && !session.isBlank();
    this.cursors = new LiveCursors(vertx, resumed ? session
        : "psess_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20), resumed);
    this.recording = new SessionRecording(vertx, cursors.sessionId(), this::heardMs);
    this.output = new PodcastOutput(socket, binary, recording);
    this.speaker = new SentenceSpeaker<>(vertx, cursors.sessionId(), interruption,
        new SentenceSpeaker.Pacing(options.sendAheadMs(), socket::writable, 10_000, this::slowReader), this)
        .maxQueuedMs(PREFETCH_MS);
    this.feed = new EpisodeFeed(vertx, this);
    this.voice = new PodcastVoice(vertx, socket, cursors.sessionId(), inputRate, metrics, this);
  }

  void start() {
    ws.textMessageHandler(text -> new PodcastEvents(socket, this).handle(text));
    ws.binaryMessageHandler(buffer -> append(buffer.getBytes()));
    ws.closeHandler(v -> close());
    ws.exceptionHandler(err -> LOG.debug("podcast {}: {}", cursors.sessionId(), err.getMessage()));
    cursors.load(podcastId).onComplete(found -> {
      LiveCursors.Saved saved = found.result();
      if (saved != null) {
        podcastId = podcastId == null ? saved.podcastId() : podcastId;
        cursor = saved.podcastId().equals(podcastId) ? saved.cursor() : cursor;
      }
      socket.send(socket.event("session.created").put("session", new JsonObject().put("id", cursors.sessionId())
          .put("podcast_id", podcastId).put("cursor", cursor.toJson()).put("resumed", saved != null)
          .put("audio_ms", 0)));
      if (podcastId == null && order != null) {
        create(order);
      } else if (podcastId != null) {
        feed.load(podcastId);
      }
    });
  }

  // ---------------------------------------------------------------- the episode

  /** Orders the episode this socket plays (from the URL's parameters or a {@code podcast.create} event). */
  void create(JsonObject request) {
    if (podcastId != null || state != State.LOADING) {
      throw new IllegalStateException("this session already has an episode");
    }
    podcastId = "";
    feed.create(request);
  }

  /** Whether this socket still waits for an episode to be named. */
  boolean awaitingEpisode() {
    return podcastId == null;
  }

  @Override
  public void progress(String id, String status, int percent) {
    podcastId = id;
    socket.send(socket.event("podcast.progress").put("podcast_id", id).put("status", status).put("percent", percent));
  }

  @Override
  public void ready(String id, PodcastScript loaded) {
    podcastId = id;
    script = loaded;
    state = State.READY;
    recording.podcast(id);
    socket.send(socket.event("podcast.ready").put("podcast_id", podcastId).put("title", script.title())
        .put("hosts", Piece.hosts(script)).put("segments", Piece.segments(script)).put("cursor", cursor.toJson()));
    if (startWhenReady) {
      begin();
    }
  }

  @Override
  public void failed(String code, String param, String message) {
    socket.error(null, code, param, message);
    state = State.DONE;
  }

  // ---------------------------------------------------------------- client events (from PodcastEvents)

  void begin() {
    if (state == State.LOADING) {
      startWhenReady = true; // a start sent before podcast.ready waits for the episode
      return;
    }
    if (script == null || state != State.READY && state != State.DONE) {
      throw new IllegalStateException(script == null ? "no episode to play" : "the podcast is already started");
    }
    if (cursors.resumed() || !cursor.equals(Cursor.START)) {
      resumed();
    }
    playFrom(cursor);
  }

  void pause() {
    if (state != State.PLAYING) {
      throw new IllegalStateException("nothing is playing");
    }
    speaker.pause();
    state = State.PAUSED;
    socket.send(socket.event("podcast.paused").put("heard_ms", Math.round(heardMs())));
  }

  void resume() {
    if (state != State.PAUSED) {
      throw new IllegalStateException("the podcast is not paused");
    }
    state = State.PLAYING;
    speaker.resume();
    Cursor now = cursorNow();
    socket.send(socket.event("podcast.resumed").put("segment", now.segment()).put("turn", now.turn())
        .put("offset", now.offset()));
  }

  /** The client's own report of what it has played, on this socket's audio timeline. */
  void playback(double audioEndMs) {
    timeline.report(Math.min(audioEndMs, speaker.sentMs()));
  }

  void commitSpeech() {
    voice.commit();
  }

  void append(byte[] pcm) {
    voice.append(pcm);
  }

  /** The listener started speaking: a spoken interruption. */
  void speechStarted() {
    if (state == State.PLAYING || state == State.PAUSED || state == State.ANSWERING) {
      interrupt(null);
    }
  }

  /** The listener's words, once they stopped speaking: the question, when the episode is listening for one. */
  void spokenQuestion(String question) {
    if (state == State.LISTENING) {
      if (question.isEmpty()) {
        bridgeBack(null, CARRY_ON);
      } else {
        answer(question);
      }
    }
  }

  // ---------------------------------------------------------------- playing

  private void playFrom(Cursor from) {
    state = State.PLAYING;
    next = from;
    speaker.resume();
    hungry();
  }

  /** The speaker has room: the next turn from the cursor, or the end of the episode. */
  @Override
  public void hungry() {
    if (state != State.PLAYING || next == null) {
      return;
    }
    Cursor at = next.normalise(script);
    if (at == null) {
      next = null;
      speaker.then(this::done);
      return;
    }
    PodcastScript.Turn turn = at.turnOf(script);
    next = new Cursor(at.segment(), at.turn() + 1, 0);
    String text = turn.text().substring(Math.min(at.offset(), turn.text().length()));
    speaker.say(new Piece(Piece.Role.TURN, at.segment(), at.turn(), turn.host(), text, at.offset()), text,
        voiceOf(turn.host()));
  }

  private SentenceSpeaker.Voice voiceOf(String host) {
    return new SentenceSpeaker.Voice(script.host(host).voice(), OUTPUT_RATE, 1.0, options.chunkMs());
  }

  @Override
  public void started(Piece p, String text, double atMs) {
    output.started(script, p, atMs);
  }

  @Override
  public void audio(Piece p, AudioChunk chunk, double pieceStartMs) {
    for (WordTiming w : chunk.words()) {
      int start = p.base() + w.textOffset();
      timeline.mark(pieceStartMs + w.startMs(), p, start, start + w.word().length());
    }
    if (p.role() == Piece.Role.ANSWER && metrics.answerAudio()) {
      metrics.record(ledger, cursors.sessionId(), podcastId);
    }
    output.audio(p, chunk, pieceStartMs);
  }

  @Override
  public void ended(Piece p) {
    output.ended(p);
  }

  @Override
  public void failed(Piece p, StageException failure) {
    socket.serverError("synthesis_failed", "The synthesis stage failed: " + failure.getMessage());
  }

  private void done() {
    state = State.DONE;
    cursor = new Cursor(script.segments().size(), 0, 0);
    cursors.save(podcastId, cursor);
    recording.done(speaker.sentMs());
    socket.send(socket.event("podcast.done").put("podcast_id", podcastId).put("audio_ms", Math.round(speaker.sentMs())));
  }

  private void resumed() {
    Cursor at = cursor.normalise(script);
    String word = at == null ? null : Cursor.wordAt(at.turnOf(script).text(), at.offset());
    recording.mark(speaker.sentMs(), new JsonObject().put("type", "resumed").put("word", word));
    socket.send(socket.event("podcast.resumed").mergeIn(cursor.toJson()).put("word", word));
  }

  // ---------------------------------------------------------------- interruptions

  private double heardMs() {
    return timeline.heardMs(speaker.pacer());
  }

  /** The script position of the last word heard (the cursor itself while nothing of the script was heard since). */
  private Cursor cursorNow() {
    return timeline.lastHeard(heardMs(), p -> p.role() == Piece.Role.TURN)
        .map(m -> new Cursor(m.piece().segment(), m.piece().turn(), m.start())).orElse(cursor);
  }

  void interrupt(String question) {
    if (script == null || state == State.LOADING || state == State.READY) {
      throw new IllegalStateException("the podcast has not started");
    }
    if (state == State.DONE) {
      throw new IllegalStateException("the podcast is over");
    }
    metrics.interrupted();
    if (state == State.PLAYING || state == State.PAUSED) {
      cursor = cursorNow();
    }
    double heard = heardMs();
    stopAll("interrupted");
    Cursor at = cursor.normalise(script);
    JsonObject stopped = cursor.toJson().put("at_word", at == null ? null
        : Cursor.wordAt(at.turnOf(script).text(), cursor.offset()));
    recording.interrupted(heard, speaker.sentMs(), stopped.copy().put("type", "interrupted"));
    socket.send(socket.event("podcast.interrupted").put("heard_ms", Math.round(heard)).mergeIn(stopped));
    cursors.save(podcastId, cursor);
    if (question != null) {
      answer(question);
      return;
    }
    state = State.LISTENING;
    int mine = interruption.generation();
    vertx.setTimer(LISTEN_MS, t -> { // no question came: carry on
      if (mine == interruption.generation() && state == State.LISTENING) {
        bridgeBack(null, CARRY_ON);
      }
    });
  }

  /** The interruption: queued audio dropped, every synthesis and answer in flight cancelled. */
  private void stopAll(String reason) {
    next = null;
    interruption.interrupt(reason).onSuccess(n -> LOG.debug("podcast {}: {} stage request(s) cancelled",
        cursors.sessionId(), n));
    speaker.resume();
  }

  private void answer(String question) {
    state = State.ANSWERING;
    socket.send(socket.event("podcast.answer.started").put("question", question));
    recording.mark(speaker.sentMs(), new JsonObject().put("type", "question").put("text", question));
    PodcastQuestion request = new PodcastQuestion(RequestContext.newRequest(cursors.sessionId()), podcastId, question,
        cursor.segment(), cursor.turn(), cursor.offset());
    interruption.track(StageStream.of(vertx, "podcast", Addresses.PODCAST_ANSWER, request.context(),
            PodcastAnswer.class))
        .handler(answer -> {
          metrics.answered();
          state = State.PLAYING;
          Piece piece = new Piece(Piece.Role.ANSWER, cursor.segment(), cursor.turn(), answer.host(), answer.text(), 0);
          speaker.say(piece, answer.text(), voiceOf(answer.host()));
          bridgeBack(answer.bridgeHost(), answer.bridge());
        })
        .exceptionHandler(failure -> {
          socket.serverError(failure.stage() + "_failed", "The " + failure.stage() + " stage failed: "
              + failure.getMessage());
          bridgeBack(null, CARRY_ON);
        })
        .send(request);
  }

  /** A host leads back into the episode, which resumes at the cursor. */
  private void bridgeBack(String host, String line) {
    state = State.PLAYING;
    String speaker0 = host != null ? host : script.hosts().get(0).name();
    speaker.say(new Piece(Piece.Role.BRIDGE, cursor.segment(), cursor.turn(), speaker0, line, 0), line,
        voiceOf(speaker0));
    speaker.then(this::resumed);
    next = cursor;
  }

  private void slowReader() {
    LOG.warn("podcast {}: the client took no audio for 10 s; closing", cursors.sessionId());
    ws.close((short) 1008, "slow_reader");
  }

  private void close() {
    release.run();
    socket.markClosed();
    if (script != null && (state == State.PLAYING || state == State.PAUSED)) {
      cursor = cursorNow();
    }
    recording.close(heardMs());
    stopAll("closed");
    speaker.close();
    feed.close();
    voice.close();
    if (script != null) {
      cursors.save(podcastId, cursor);
    }
  }
}
