package dev.nexus.gateway.realtime;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.ChatMessage;
import dev.nexus.gateway.base.EventSocket;
import dev.nexus.metrics.LatencyLedger;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One realtime session: OpenAI Realtime client events in, server events out, backed by the speech, reasoning and
 * synthesis verticles over the event bus. Its client is a WebSocket ({@link RealtimeRoutes}) or another protocol's
 * adapter ({@link RealtimeDriver}: a phone call). Everything here runs on the gateway's event loop; the audio of a
 * response leaves through a paced outbox so that a barge-in stops it at once.
 */
final class RealtimeSession {
  private static final Logger LOG = LoggerFactory.getLogger(RealtimeSession.class);

  /** Limits and pacing from gateway.yaml's {@code realtime} section. */
  record Options(int sendAheadMs, int maxBufferSeconds, int chunkMs, int echoMemoryWords, double echoOverlap,
      boolean echoGuard, long stageTimeoutMs) {
  }

  /** The parts of a session that its response and its input audio use, fixed for the session's life. */
  record Parts(Vertx vertx, String id, Options options, RealtimeOutput output, Conversation conversation,
      ItemEvents items) {
  }

  private final Vertx vertx;
  private final Options options;
  private final LatencyLedger ledger;
  private final String id = "sess_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  private final EchoGuard echo;
  private SessionConfig config;
  private VoiceCheck voices = VoiceCheck.UNCHECKED; // until the voice list arrives (before session.created)
  private String reasoningModel;
  private final RealtimeOutput out;
  private final Conversation conversation;
  private final ItemEvents itemEvents;
  private final InputAudio input;
  private boolean closed;
  private final Runnable hangUp;
  private final Runnable release;
  private long lastAudioSentAt;
  private Response response;
  private final Parts parts;

  /**
   * @param initial the session's settings before any {@code session.update} (a transcription session for
   *     {@code ?intent=transcription})
   * @param hangUp closes the client's connection (a client too slow to serve)
   * @param release runs once when the session ends
   */
  RealtimeSession(Vertx vertx, EventSocket socket, Options options, LatencyLedger ledger, SessionConfig initial,
      boolean legacy, Runnable hangUp, Runnable release) {
    this.release = release;
    this.hangUp = hangUp;
    this.vertx = vertx;
    this.out = new RealtimeOutput(socket, legacy);
    this.conversation = new Conversation(out);
    this.config = initial;
    this.itemEvents = new ItemEvents(vertx, id, out, conversation, () -> config);
    this.options = options;
    this.ledger = ledger;
    this.config.echoGuard = options.echoGuard();
    this.echo = new EchoGuard(options.echoMemoryWords(), options.echoOverlap());
    this.parts = new Parts(vertx, id, options, out, conversation, itemEvents);
    this.input = new InputAudio(vertx, this);
  }

  /** Starts the session: the reasoning model to use, {@code session.created}, the VAD stream. */
  void start() {
    vertx.eventBus().<JsonObject>request(Addresses.REASONING_MODELS, "list")
        .onSuccess(reply -> {
          JsonArray data = reply.body().getJsonArray("data", new JsonArray());
          for (int i = 0; i < data.size(); i++) {
            if (data.getJsonObject(i).getString("id").equals(config.model)) {
              reasoningModel = config.model;
            }
          }
        })
        .eventually(() -> VoiceCheck.load(vertx).onSuccess(check -> voices = check))
        .onComplete(done -> {
          boolean betaTranscription = config.transcriptionOnly() && out.legacy();
          out.send(out.event(betaTranscription ? "transcription_session.created" : "session.created")
              .put("session", config.toJson(id, out.legacy())));
          input.open();
        });
  }

  // ---------------------------------------------------------------- client events

  /** A client event as text: parsed, then handled. */
  void onText(String text) {
    JsonObject event = out.parse(text);
    if (event != null) {
      handle(event);
    }
  }

  /** A client event; one the session refuses becomes an {@code error} event, and the session carries on. */
  void handle(JsonObject event) {
    String clientEventId = event.getValue("event_id") instanceof String s ? s : null;
    try {
      if (!(event.getValue("type") instanceof String type)) {
        throw new ProtocolError("missing_type", "type", "Every event needs a string 'type'");
      }
      dispatch(type, event);
    } catch (ProtocolError e) {
      out.error(clientEventId, e.code, e.param, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("realtime {}: event failed", id, e);
      out.error(clientEventId, "invalid_event", null, "The event could not be handled: " + e.getMessage());
    }
  }

  /** A binary frame: raw audio in the session's input format. */
  void onBinary(Buffer audio) {
    try {
      input.append(audio.getBytes());
    } catch (ProtocolError e) {
      out.error(null, e.code, e.param, e.getMessage());
    }
  }

  private void dispatch(String type, JsonObject event) {
    switch (type) {
      case "session.update" -> updateSession(event, false);
      case "transcription_session.update" -> updateSession(event, true);
      case "input_audio_buffer.append" -> input.append(ItemEvents.decodeBase64(event.getValue("audio"), "audio"));
      case "input_audio_buffer.commit" -> input.commit();
      case "input_audio_buffer.clear" -> input.clear();
      case "conversation.item.create" -> itemEvents.create(event);
      case "conversation.item.retrieve" -> itemEvents.retrieve(event);
      case "conversation.item.delete" -> itemEvents.delete(event);
      case "conversation.item.truncate" -> itemEvents.truncate(event, item -> {
        if (response != null && response.item == item) {
          response.cancel("client_cancelled", -1);
        }
      });
      case "response.create" -> createResponse(event.getValue("response") instanceof JsonObject r ? r : new JsonObject(),
          -1, System.nanoTime());
      case "response.cancel" -> {
        if (response == null) {
          throw new ProtocolError("response_cancel_not_active", null, "There is no active response to cancel");
        }
        response.cancel("client_cancelled", -1);
      }
      default -> throw new ProtocolError("unknown_event_type", "type", "Unknown event type '" + type + "'");
    }
  }

  /** {@code session.update}, or (beta) {@code transcription_session.update}, which makes a transcription session. */
  private void updateSession(JsonObject event, boolean transcription) {
    if (!(event.getValue("session") instanceof JsonObject session)) {
      throw ProtocolError.invalid("session", event.getString("type") + " needs a 'session' object");
    }
    SessionConfig updated = transcription ? config.applyTranscription(session) : config.apply(session);
    voices.requireChange(config, updated, session);
    if (transcription || session.containsKey("input_audio_format") || session.containsKey("modalities")
        || session.containsKey("voice") || session.containsKey("turn_detection")) {
      out.speakBeta(); // the client speaks the beta shape: answer in it
    }
    boolean reopen = updated.speechStreamDiffers(config);
    config = updated;
    out.send(out.event(transcription ? "transcription_session.updated" : "session.updated")
        .put("session", config.toJson(id, out.legacy())));
    if (reopen) {
      input.reopen();
    }
  }

  // ---------------------------------------------------------------- turns and responses

  /** The user began to speak (the VAD heard it): a barge-in on a response that is speaking. */
  void userSpeaking(long at) {
    if (response != null && config.turnDetection != null && config.turnDetection.interruptResponse()) {
      response.userSpeaking(at, config.echoGuard);
    }
  }

  /** Words of the user's utterance; false when they are the assistant's own voice (not a user turn). */
  boolean userWords(String words, boolean isFinal) {
    return response == null || response.userWords(words, isFinal);
  }

  /** With the echo guard, an utterance just after the assistant spoke that repeats its words. */
  boolean isLateEcho(String transcript) {
    return config.echoGuard && echo.isEcho(transcript) && response == null
        && System.nanoTime() - lastAudioSentAt < 3_000_000_000L;
  }

  /** A user utterance became an item: a response follows when turn detection says so (never when transcribing). */
  void userTurn(String transcript, double transcriptMs) {
    if (config.turnDetection != null && config.turnDetection.createResponse() && !transcript.isBlank()
        && response == null && !config.transcriptionOnly()) {
      createResponse(new JsonObject(), transcriptMs, input.speechStoppedAt());
    }
  }

  private void createResponse(JsonObject request, double transcriptMs, long turnStart) {
    if (config.transcriptionOnly()) {
      throw new ProtocolError("invalid_session_type", "type", "This is a transcription session: it makes no "
          + "responses");
    }
    if (response != null) {
      throw new ProtocolError("conversation_already_has_active_response", null,
          "The conversation already has an active response (" + response.id + ")");
    }
    ResponseRequest parsed = ResponseRequest.parse(request, config, itemEvents);
    List<ChatMessage> messages = parsed.input() != null ? parsed.input()
        : conversation.messages(parsed.config().instructions);
    response = new Response(this, parsed, messages, turnStart, transcriptMs);
    response.start();
  }

  /** Called by a response when it is over (its stages may still be acknowledging a cancel). */
  void responseDone(Response done) {
    if (response == done) {
      response = null;
    }
  }

  /** Called by a response once every stage has stopped: the turn's latencies go to the ledger. */
  void record(LatencyLedger.Turn turn) {
    if (ledger != null) {
      ledger.record(turn);
    }
  }

  // ---------------------------------------------------------------- what a response and the input use

  Parts parts() {
    return parts;
  }

  SessionConfig config() {
    return config;
  }

  String reasoningModel() {
    return reasoningModel;
  }

  boolean isEcho(String transcript) {
    return echo.isEcho(transcript);
  }

  /** The assistant said {@code text}: remembered so its echo in the microphone is not taken for the user. */
  void spoke(String text) {
    echo.spoken(text);
    lastAudioSentAt = System.nanoTime();
  }

  /** The client reads too slowly to be served: it is told, and the socket is closed (its memory is not grown). */
  void slowReader() {
    LOG.warn("realtime {}: the client took no audio for {} ms; closing", id, Response.SLOW_READER_MS);
    hangUp.run();
    close();
  }

  boolean closed() {
    return closed;
  }

  /** The client has gone: the response is cancelled and the VAD stream closed. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    release.run();
    out.closed();
    if (response != null) {
      response.cancel("client_closed", -1);
    }
    input.close();
  }
}
