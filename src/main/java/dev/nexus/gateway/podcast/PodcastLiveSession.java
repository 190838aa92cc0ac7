package dev.nexus.gateway.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.SpeechEvent;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.SynthesisRequest;
import dev.nexus.bus.WordTiming;
import dev.nexus.gateway.AudioPacer;
import dev.nexus.gateway.EventSocket;
import dev.nexus.gateway.SpeechInput;
import dev.nexus.gateway.SynthesisStream;
import dev.nexus.metrics.LatencyLedger;
import dev.nexus.podcast.PodcastScript;
import dev.nexus.podcast.Stages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live, interruptible podcast on one WebSocket. The script's turns are spoken one by one (each in
 * its host's voice) through a paced outbox, and every word sent is marked on the session's audio
 * timeline; an interruption (typed, or spoken and caught by server VAD) stops the audio at once,
 * moves the cursor back to the word the listener last heard (from {@code podcast.playback} when the
 * client reports it), has the best placed host answer from the source, bridges back and resumes
 * from that word. The cursor is kept in a shared map, so a reconnect with the same session id
 * resumes where the listener was.
 */
final class PodcastLiveSession {
  private static final Logger LOG = LoggerFactory.getLogger(PodcastLiveSession.class);
  /** The shared map of live sessions' cursors (cluster-wide when clustered). */
  static final String SESSIONS = "nexus.podcast.live";
  private static final int OUTPUT_RATE = 24000;
  private static final double PREFETCH_MS = 8000;
  /** How long a spoken interruption may take to become a question before the episode carries on. */
  private static final long LISTEN_MS = 20_000;

  record Options(int sendAheadMs, int chunkMs) {
  }

  /** Where in the script: a turn and a character offset in its text. */
  record Cursor(int segment, int turn, int offset) {
    JsonObject toJson() {
      return new JsonObject().put("segment", segment).put("turn", turn).put("offset", offset);
    }

    static Cursor of(JsonObject json) {
      return new Cursor(json.getInteger("segment", 0), json.getInteger("turn", 0), json.getInteger("offset", 0));
    }
  }

  /** Something spoken: a turn of the script (from an offset), an answer, or a bridge back. */
  private record Piece(String role, int segment, int turn, String host, String text, int base) {
  }

  /** An item of the outbox. */
  private record Out(String kind, Piece piece, AudioChunk chunk) {
  }

  /** Where a word sent sits: on the session's audio timeline, and in the script. */
  private record Mark(double atMs, Piece piece, int offset, String word) {
  }

  private enum State { LOADING, READY, PLAYING, PAUSED, ANSWERING, LISTENING, DONE }

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final EventSocket socket;
  private final Options options;
  private final JsonObject order;
  private final int inputRate;
  private final boolean binary;
  private final LatencyLedger ledger;
  private final String sessionId;
  private final boolean resumedSession;
  private final AudioPacer<Out> outbox;
  private final List<Mark> marks = new ArrayList<>();
  private String podcastId;
  private PodcastScript script;
  private Stages stages;
  private State state = State.LOADING;
  private Cursor cursor = new Cursor(0, 0, 0);
  private Cursor next;
  private double pieceStartMs;
  private int lastSegment = -1;
  private SynthesisStream synth;
  private long prefetchTimer = -1;
  private double reportedMs = -1;
  private SpeechInput speech;
  private long interruptedAt;
  private long answerTextAt;
  private long answerAudioAt;
  private long speechStoppedAt;
  private double transcriptMs = -1;
  private int generation;
  private MessageConsumer<JsonObject> progress;
  private final Runnable release;

  PodcastLiveSession(Vertx vertx, ServerWebSocket ws, Options options, String podcastId, JsonObject order,
      String session, int inputRate, boolean binary, LatencyLedger ledger, Runnable release) {
    this.release = release;
    this.vertx = vertx;
    this.ws = ws;
    this.socket = new EventSocket(ws, "podcast");
    this.options = options;
    this.podcastId = podcastId;
    this.order = order;
    this.inputRate = inputRate;
    this.binary = binary;
    this.ledger = ledger;
    this.resumedSession = session != null && !session.isBlank();
    this.sessionId = resumedSession ? session : "psess_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    this.outbox = new AudioPacer<>(vertx, options.sendAheadMs(), socket::writable,
        out -> out.chunk() == null ? 0 : out.chunk().durationMs(), this::emit, () -> { })
        .onStuck(10_000, () -> {
          LOG.warn("podcast {}: the client took no audio for 10 s; closing", sessionId);
          ws.close((short) 1008, "slow_reader");
        });
  }

  void start() {
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(buffer -> append(buffer.getBytes()));
    ws.closeHandler(v -> close());
    ws.exceptionHandler(err -> LOG.debug("podcast {}: {}", sessionId, err.getMessage()));
    stages = new Stages(vertx, sessionId, 120_000);
    sessions().compose(map -> resumedSession ? map.get(sessionId) : Future.succeededFuture(null))
        .onComplete(found -> {
          JsonObject saved = found.succeeded() ? found.result() : null;
          if (saved != null) {
            podcastId = podcastId == null ? saved.getString("podcast_id") : podcastId;
            if (saved.getString("podcast_id").equals(podcastId)) {
              cursor = Cursor.of(saved.getJsonObject("cursor"));
            }
          }
          socket.send(socket.event("session.created").put("session", new JsonObject().put("id", sessionId)
              .put("podcast_id", podcastId).put("cursor", cursor.toJson()).put("resumed", saved != null)));
          if (podcastId == null && order != null) {
            generate();
          } else if (podcastId == null) {
            fatal("no_podcast", "Connect to /v1/podcasts/{id}/live, or to /v1/podcasts/live?topic=... (or text=, url=)");
          } else {
            load();
          }
        });
  }

  private Future<AsyncMap<String, JsonObject>> sessions() {
    return vertx.sharedData().getAsyncMap(SESSIONS);
  }

  // ---------------------------------------------------------------- the script

  private void generate() {
    vertx.eventBus().<JsonObject>request(Addresses.PODCAST_CREATE, order,
            new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(60_000))
        .onSuccess(reply -> {
          podcastId = reply.body().getString("id");
          socket.send(socket.event("podcast.progress").put("podcast_id", podcastId).put("status", "queued").put("percent", 0));
          progress = vertx.eventBus().consumer(Addresses.podcastProgress(podcastId), m -> {
            socket.send(socket.event("podcast.progress").put("podcast_id", podcastId)
                .put("status", m.body().getString("status")).put("percent", m.body().getInteger("percent")));
            if (script == null && List.of("rendering", "ready", "failed").contains(m.body().getString("status"))) {
              load();
            }
          });
        })
        .onFailure(err -> fatal("podcast_failed", "The episode could not be made: " + err.getMessage()));
  }

  private void load() {
    vertx.eventBus().<JsonObject>request(Addresses.PODCAST_GET, new JsonObject().put("id", podcastId))
        .onSuccess(reply -> {
          JsonObject status = reply.body();
          if (script != null) {
            return;
          }
          if (status.getJsonObject("script") == null) {
            if ("failed".equals(status.getString("status")) || "interrupted".equals(status.getString("status"))) {
              fatal("podcast_failed", "The episode is " + status.getString("status") + ": " + status.getString("error"));
            } else if (progress == null) {
              progress = vertx.eventBus().consumer(Addresses.podcastProgress(podcastId), m -> load());
            }
            return;
          }
          script = PodcastScript.fromJson(status.getJsonObject("script").encode());
          if (progress != null) {
            progress.unregister();
          }
          JsonArray segments = new JsonArray();
          script.segments().forEach(s -> segments.add(new JsonObject().put("title", s.title())
              .put("turns", new JsonArray(s.turns().stream().map(t -> new JsonObject().put("host", t.host())
                  .put("text", t.text())).toList()))));
          state = State.READY;
          socket.send(socket.event("podcast.ready").put("podcast_id", podcastId).put("title", script.title())
              .put("hosts", new JsonArray(script.hosts().stream().map(h -> new JsonObject().put("name", h.name())
                  .put("voice", h.voice())).toList()))
              .put("segments", segments).put("cursor", cursor.toJson()));
        })
        .onFailure(err -> fatal("podcast_not_found", "No podcast '" + podcastId + "': " + err.getMessage()));
  }

  private void fatal(String code, String message) {
    socket.error(null, code, null, message);
    state = State.DONE;
  }

  // ---------------------------------------------------------------- client events

  private void onText(String text) {
    JsonObject event;
    try {
      event = new JsonObject(text);
    } catch (RuntimeException e) {
      socket.error(null, "invalid_json", null, "The event is not valid JSON: " + e.getMessage());
      return;
    }
    String clientId = event.getValue("event_id") instanceof String s ? s : null;
    if (!(event.getValue("type") instanceof String type)) {
      socket.error(clientId, "missing_type", "type", "Every event needs a string 'type'");
      return;
    }
    try {
      switch (type) {
        case "podcast.start" -> begin();
        case "podcast.pause" -> pause();
        case "podcast.resume" -> resume();
        case "podcast.interrupt" -> {
          Object question = event.getValue("text");
          if (question != null && (!(question instanceof String q) || q.isBlank())) {
            throw new IllegalArgumentException("'text' must be a non-empty string when given");
          }
          interrupt((String) question);
        }
        case "podcast.playback" -> {
          if (!(event.getValue("audio_end_ms") instanceof Number ms) || ms.doubleValue() < 0) {
            throw new IllegalArgumentException("'audio_end_ms' must be a number of milliseconds, 0 or more");
          }
          reportedMs = Math.min(ms.doubleValue(), outbox.sentMs());
        }
        case "input_audio_buffer.commit" -> {
          if (speech != null) {
            speech.commit(); // the microphone stopped: the utterance in progress ends here
          }
        }
        case "input_audio_buffer.append" -> {
          if (!(event.getValue("audio") instanceof String audio)) {
            throw new IllegalArgumentException("'audio' must be base64-encoded PCM16");
          }
          byte[] pcm;
          try {
            pcm = Base64.getDecoder().decode(audio);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'audio' is not valid base64");
          }
          append(pcm);
        }
        default -> socket.error(clientId, "unknown_event_type", "type", "Unknown event type '" + type + "'");
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      socket.error(clientId, e instanceof IllegalStateException ? "invalid_state" : "invalid_value", null, e.getMessage());
    }
  }

  private void begin() {
    if (state == State.LOADING) {
      throw new IllegalStateException("the episode is not ready yet; wait for podcast.ready");
    }
    if (state != State.READY && state != State.DONE) {
      throw new IllegalStateException("the podcast is already started");
    }
    if (resumedSession || cursor.segment() > 0 || cursor.turn() > 0 || cursor.offset() > 0) {
      resumed();
    }
    playFrom(cursor);
  }

  private void pause() {
    if (state != State.PLAYING) {
      throw new IllegalStateException("nothing is playing");
    }
    outbox.pause();
    state = State.PAUSED;
    socket.send(socket.event("podcast.paused").put("heard_ms", Math.round(heardMs())));
  }

  private void resume() {
    if (state != State.PAUSED) {
      throw new IllegalStateException("the podcast is not paused");
    }
    state = State.PLAYING;
    outbox.resume();
    socket.send(socket.event("podcast.resumed").put("segment", cursorNow().segment()).put("turn", cursorNow().turn())
        .put("offset", cursorNow().offset()));
  }

  private void append(byte[] pcm) {
    if (pcm.length % 2 != 0) {
      socket.error(null, "invalid_value", "audio", "PCM16 audio must have an even number of bytes");
      return;
    }
    if (speech == null || speech.closed()) {
      speech = SpeechInput.open(vertx, sessionId, inputRate, "en", new SpeechInput.Vad(0.5, 300, 700), this::onSpeech,
          err -> socket.error(null, "server_vad_unavailable", null, "Voice questions need server VAD: " + err.getMessage()));
    }
    speech.append(pcm);
  }

  private void onSpeech(SpeechEvent event) {
    switch (event.type()) {
      case "speech_started" -> {
        socket.send(socket.event("input_audio_buffer.speech_started").put("audio_start_ms", event.audioMs()));
        if (state == State.PLAYING || state == State.PAUSED || state == State.ANSWERING) {
          interrupt(null);
        }
      }
      case "speech_stopped" -> {
        speechStoppedAt = System.nanoTime();
        socket.send(socket.event("input_audio_buffer.speech_stopped").put("audio_end_ms", event.audioMs()));
      }
      case "partial" -> socket.send(socket.event("conversation.item.input_audio_transcription.delta")
          .put("delta", event.text()));
      case "final" -> {
        String question = event.text() == null ? "" : event.text().trim();
        transcriptMs = speechStoppedAt > 0 ? (System.nanoTime() - speechStoppedAt) / 1e6 : -1;
        socket.send(socket.event("conversation.item.input_audio_transcription.completed").put("transcript", question));
        if (state == State.LISTENING) {
          if (question.isEmpty()) {
            bridgeBack(null);
          } else {
            answer(question);
          }
        }
      }
      default -> LOG.debug("podcast {}: speech event {}", sessionId, event.type());
    }
  }

  // ---------------------------------------------------------------- playing

  private void playFrom(Cursor from) {
    state = State.PLAYING;
    next = from;
    outbox.resume();
    speakNext();
  }

  /** Synthesises the next turn into the outbox, keeping a few seconds of audio ahead. */
  private void speakNext() {
    if (state != State.PLAYING || synth != null || next == null) {
      return;
    }
    if (outbox.queuedMs() > PREFETCH_MS) {
      prefetchTimer = vertx.setTimer(250, t -> {
        prefetchTimer = -1;
        speakNext();
      });
      return;
    }
    Cursor at = normalise(next);
    if (at == null) {
      next = null;
      outbox.add(new Out("done", null, null));
      return;
    }
    PodcastScript.Turn turn = script.segments().get(at.segment()).turns().get(at.turn());
    next = new Cursor(at.segment(), at.turn() + 1, 0);
    String text = turn.text().substring(Math.min(at.offset(), turn.text().length()));
    if (text.isBlank()) {
      speakNext();
      return;
    }
    speak(new Piece("turn", at.segment(), at.turn(), turn.host(), text, at.offset()), this::speakNext);
  }

  /** The cursor moved onto a real turn (next segment when past a segment's end); null past the end. */
  private Cursor normalise(Cursor c) {
    int segment = c.segment();
    int turn = c.turn();
    while (segment < script.segments().size() && turn >= script.segments().get(segment).turns().size()) {
      segment++;
      turn = 0;
    }
    return segment >= script.segments().size() ? null : new Cursor(segment, turn, turn == c.turn() ? c.offset() : 0);
  }

  private void speak(Piece piece, Runnable then) {
    int mine = generation;
    String voice = script.host(piece.host()).voice();
    synth = SynthesisStream.start(vertx, sessionId, ctx -> new SynthesisRequest(ctx, piece.text(), voice, OUTPUT_RATE,
            1.0, 1.0, options.chunkMs()),
        chunk -> outbox.add(new Out("audio", piece, chunk)),
        end -> {
          synth = null;
          if (end.status() == StreamEnd.Status.FAILED) {
            socket.serverError("synthesis_failed", "The synthesis stage failed: " + end.message());
          }
          outbox.add(new Out("end", piece, null));
          if (mine == generation) {
            then.run();
          }
        },
        err -> {
          synth = null;
          socket.serverError("synthesis_failed", "The synthesis stage failed: " + err.getMessage());
        });
    outbox.add(new Out("start", piece, null)); // after synth is set, as the outbox may act on it at once
  }

  /** Sends one outbox item: markers become events, audio goes out with its words marked. */
  private void emit(Out out) {
    Piece p = out.piece();
    switch (out.kind()) {
      case "start" -> {
        pieceStartMs = outbox.sentMs();
        if (p.role().equals("turn")) {
          if (p.segment() != lastSegment) {
            lastSegment = p.segment();
            socket.send(socket.event("podcast.segment.started").put("segment", p.segment())
                .put("title", script.segments().get(p.segment()).title()).put("host", p.host()));
          }
          socket.send(socket.event("podcast.turn.started").put("segment", p.segment()).put("turn", p.turn())
              .put("host", p.host()).put("text", script.segments().get(p.segment()).turns().get(p.turn()).text())
              .put("offset", p.base()).put("audio_start_ms", Math.round(pieceStartMs)));
        } else {
          socket.send(socket.event(p.role().equals("answer") ? "podcast.answer.audio" : "podcast.bridge.started")
              .put("host", p.host()).put("text", p.text()).put("audio_start_ms", Math.round(pieceStartMs)));
        }
      }
      case "audio" -> {
        AudioChunk chunk = out.chunk();
        for (WordTiming w : chunk.words()) {
          marks.add(new Mark(pieceStartMs + w.startMs(), p, p.base() + w.textOffset(), w.word()));
        }
        if (p.role().equals("answer") && answerAudioAt == 0) {
          answerAudioAt = System.nanoTime();
          record();
        }
        if (binary) {
          socket.sendBinary(chunk.pcm());
        } else {
          socket.send(socket.event("response.output_audio.delta").put("host", p.host()).put("segment", p.segment())
              .put("turn", p.turn()).put("audio", Base64.getEncoder().encodeToString(chunk.pcm())));
        }
      }
      case "end" -> {
        if (p.role().equals("turn")) {
          socket.send(socket.event("podcast.turn.done").put("segment", p.segment()).put("turn", p.turn()));
        } else if (p.role().equals("answer")) {
          socket.send(socket.event("podcast.answer.done").put("host", p.host()).put("text", p.text()));
        }
      }
      case "resume" -> resumed();
      case "done" -> {
        state = State.DONE;
        cursor = new Cursor(script.segments().size(), 0, 0);
        save();
        socket.send(socket.event("podcast.done").put("podcast_id", podcastId).put("audio_ms", Math.round(outbox.sentMs())));
      }
      default -> LOG.debug("podcast {}: outbox item {}", sessionId, out.kind());
    }
  }

  private void resumed() {
    Cursor at = normalise(cursor);
    String word = at == null ? null
        : wordAt(script.segments().get(at.segment()).turns().get(at.turn()).text(), at.offset());
    socket.send(socket.event("podcast.resumed").put("segment", cursor.segment()).put("turn", cursor.turn())
        .put("offset", cursor.offset()).put("word", word));
  }

  private static String wordAt(String text, int offset) {
    int end = offset;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return text.substring(Math.min(offset, text.length()), end).replaceAll("[^\\p{L}\\p{N}'-]", "");
  }

  // ---------------------------------------------------------------- interruptions

  /** What the listener has heard, in ms of the session's audio: their own report, else the paced estimate. */
  private double heardMs() {
    return reportedMs >= 0 ? Math.min(reportedMs, outbox.sentMs()) : outbox.playedMs();
  }

  /** The script position of the last word heard (the cursor itself while nothing of the script was heard since). */
  private Cursor cursorNow() {
    double heard = heardMs();
    Mark last = null;
    for (Mark m : marks) {
      if (m.atMs() <= heard && m.piece().role().equals("turn")) {
        last = m;
      }
    }
    return last == null ? cursor : new Cursor(last.piece().segment(), last.piece().turn(), last.offset());
  }

  private void interrupt(String question) {
    if (script == null || state == State.LOADING || state == State.READY) {
      throw new IllegalStateException("the podcast has not started");
    }
    if (state == State.DONE) {
      throw new IllegalStateException("the podcast is over");
    }
    interruptedAt = System.nanoTime();
    answerAudioAt = 0;
    answerTextAt = 0;
    if (state == State.PLAYING || state == State.PAUSED) {
      cursor = cursorNow();
    }
    double heard = heardMs();
    stopAudio();
    PodcastScript.Turn turn = normalise(cursor) == null ? null
        : script.segments().get(cursor.segment()).turns().get(cursor.turn());
    socket.send(socket.event("podcast.interrupted").put("heard_ms", Math.round(heard)).put("segment", cursor.segment())
        .put("turn", cursor.turn()).put("offset", cursor.offset())
        .put("at_word", turn == null ? null : wordAt(turn.text(), cursor.offset())));
    save();
    if (question == null) {
      state = State.LISTENING;
      int mine = generation;
      vertx.setTimer(LISTEN_MS, t -> { // no question came: carry on
        if (mine == generation && state == State.LISTENING) {
          bridgeBack(null);
        }
      });
    } else {
      transcriptMs = -1;
      answer(question);
    }
  }

  /** Stops all audio now: the outbox is emptied and synthesis is cancelled. */
  private void stopAudio() {
    generation++;
    outbox.clear();
    outbox.resume();
    next = null;
    if (prefetchTimer >= 0) {
      vertx.cancelTimer(prefetchTimer);
      prefetchTimer = -1;
    }
    if (synth != null) {
      synth.cancel("interrupted");
      synth = null;
    }
  }

  private void answer(String question) {
    state = State.ANSWERING;
    int mine = generation;
    List<PodcastScript.Host> hosts = script.hosts();
    PodcastScript.Turn turn = normalise(cursor) == null ? null
        : script.segments().get(cursor.segment()).turns().get(cursor.turn());
    PodcastScript.Host answerer = turn != null && !turn.host().equals(hosts.get(0).name()) ? script.host(turn.host())
        : hosts.get(1);
    socket.send(socket.event("podcast.answer.started").put("host", answerer.name()).put("question", question));
    String context = turn == null ? "" : " The episode had just reached: \""
        + turn.text().substring(0, Math.min(turn.text().length(), cursor.offset() + 40)) + "\".";
    String persona = "You are " + answerer.name() + (answerer.persona() == null ? "" : ", " + answerer.persona())
        + ", a host of the podcast \"" + script.title() + "\". A listener interrupted with a question." + context
        + " Answer in two or three short spoken sentences, from the source.";
    stages.ask(List.of(persona, script.source().text()), question, true)
        .onComplete(done -> {
          if (mine != generation) {
            return;
          }
          answerTextAt = System.nanoTime();
          if (done.failed()) {
            socket.serverError("reasoning_failed", "The reasoning stage failed: " + done.cause().getMessage());
            bridgeBack(answerer);
            return;
          }
          state = State.PLAYING;
          speak(new Piece("answer", cursor.segment(), cursor.turn(), answerer.name(), done.result(), 0),
              () -> bridgeBack(answerer));
        });
  }

  /** The other host leads back into the episode, which resumes at the cursor. */
  private void bridgeBack(PodcastScript.Host answerer) {
    state = State.PLAYING;
    List<PodcastScript.Host> hosts = script.hosts();
    PodcastScript.Host other = answerer == null || !answerer.name().equals(hosts.get(0).name()) ? hosts.get(0)
        : hosts.get(1);
    String line = answerer == null ? "Let's pick up where we left off." : "Thanks for the question. Now, back to where we were.";
    speak(new Piece("bridge", cursor.segment(), cursor.turn(), other.name(), line, 0), () -> {
      outbox.add(new Out("resume", null, null));
      next = cursor;
      speakNext();
    });
  }

  private void record() {
    if (ledger != null && interruptedAt > 0) {
      ledger.record(new LatencyLedger.Turn("podcast", sessionId, podcastId, transcriptMs,
          answerTextAt > 0 ? (answerTextAt - interruptedAt) / 1e6 : -1, (answerAudioAt - interruptedAt) / 1e6, -1));
    }
  }

  private void save() {
    if (podcastId == null) {
      return;
    }
    JsonObject state = new JsonObject().put("podcast_id", podcastId).put("cursor", cursor.toJson());
    sessions().compose(map -> map.put(sessionId, state, 24L * 3600 * 1000))
        .onFailure(err -> LOG.warn("podcast {}: cursor not saved: {}", sessionId, err.getMessage()));
  }

  private void close() {
    release.run();
    socket.markClosed();
    if (script != null && (state == State.PLAYING || state == State.PAUSED)) {
      cursor = cursorNow();
    }
    stopAudio();
    if (progress != null) {
      progress.unregister();
    }
    if (speech != null) {
      speech.close();
    }
    if (script != null) {
      save();
    }
  }
}
