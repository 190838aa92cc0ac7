package dev.nexus.gateway.realtime;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.SpeechEvent;
import dev.nexus.gateway.BusErrors;
import dev.nexus.gateway.EventSocket;
import dev.nexus.live.SpeechInput;
import dev.nexus.metrics.LatencyLedger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One realtime WebSocket: OpenAI Realtime events in and out, backed by the speech, reasoning and
 * synthesis verticles over the event bus. Everything here runs on the gateway's event loop; the
 * audio of a response leaves through a paced outbox so that a barge-in stops it at once.
 */
final class RealtimeSession {
  private static final Logger LOG = LoggerFactory.getLogger(RealtimeSession.class);

  /** Limits and pacing from gateway.yaml's {@code realtime} section. */
  record Options(int sendAheadMs, int maxBufferSeconds, int chunkMs, int echoMemoryWords, double echoOverlap,
      boolean echoGuard, long stageTimeoutMs) {
  }

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final Options options;
  private final LatencyLedger ledger;
  private final String id = "sess_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  private final EchoGuard echo;
  private SessionConfig config = new SessionConfig();
  private VoiceCheck voices = VoiceCheck.UNCHECKED; // until the voice list arrives (before session.created)
  private String reasoningModel;
  private final RealtimeOutput out;
  private final Conversation conversation;
  private final ItemEvents itemEvents;
  private boolean closed;
  private final Runnable release;

  // input: the server VAD stream, or the manual buffer when turn detection is off
  private SpeechInput speech;
  private String utteranceItem;
  private String utterancePartial = "";
  private long speechStoppedAt;
  private long speechStartedAt;
  private long lastAudioSentAt;
  private final ByteArrayOutputStream manual = new ByteArrayOutputStream();

  private Response response;

  RealtimeSession(Vertx vertx, ServerWebSocket ws, Options options, LatencyLedger ledger, String model,
      boolean legacy, Runnable release) {
    this.release = release;
    this.vertx = vertx;
    this.ws = ws;
    this.out = new RealtimeOutput(new EventSocket(ws, "realtime"), legacy);
    this.conversation = new Conversation(out);
    this.itemEvents = new ItemEvents(vertx, id, out, conversation, () -> config);
    this.options = options;
    this.ledger = ledger;
    this.config.model = model;
    this.config.echoGuard = options.echoGuard();
    this.echo = new EchoGuard(options.echoMemoryWords(), options.echoOverlap());
  }

  /** Starts the session: handlers, the reasoning model to use, {@code session.created}, the VAD stream. */
  void start() {
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onBinary);
    ws.closeHandler(v -> close());
    ws.exceptionHandler(err -> { // past http.max-websocket-message-bytes Vert.x drops the message: close, as documented
      if (String.valueOf(err.getMessage()).contains("max message size")) {
        ws.close((short) 1009, "message_too_big");
      }
    });
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
          out.send(out.event("session.created").put("session", config.toJson(id, out.legacy())));
          openSpeech();
        });
  }

  // ---------------------------------------------------------------- client events

  private void onText(String text) {
    JsonObject event;
    try {
      event = new JsonObject(text);
    } catch (RuntimeException e) {
      out.error(null, "invalid_json", null, "The event is not valid JSON: " + e.getMessage());
      return;
    }
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

  private void onBinary(Buffer audio) {
    try {
      append(audio.getBytes());
    } catch (ProtocolError e) {
      out.error(null, e.code, e.param, e.getMessage());
    }
  }

  private void dispatch(String type, JsonObject event) {
    switch (type) {
      case "session.update" -> updateSession(event);
      case "input_audio_buffer.append" -> append(ItemEvents.decodeAudio(event.getValue("audio"), "audio"));
      case "input_audio_buffer.commit" -> commit();
      case "input_audio_buffer.clear" -> clearInput();
      case "conversation.item.create" -> itemEvents.create(event);
      case "conversation.item.delete" -> itemEvents.delete(event);
      case "conversation.item.truncate" -> itemEvents.truncate(event, item -> {
        if (response != null && response.item == item) {
          response.cancel("client_cancelled", -1);
        }
      });
      case "response.create" -> createResponse(event.getValue("response") instanceof JsonObject r ? r : new JsonObject(),
          -1, "client");
      case "response.cancel" -> {
        if (response == null) {
          throw new ProtocolError("response_cancel_not_active", null, "There is no active response to cancel");
        }
        response.cancel("client_cancelled", -1);
      }
      default -> throw new ProtocolError("unknown_event_type", "type", "Unknown event type '" + type + "'");
    }
  }

  private void updateSession(JsonObject event) {
    if (!(event.getValue("session") instanceof JsonObject session)) {
      throw ProtocolError.invalid("session", "session.update needs a 'session' object");
    }
    SessionConfig updated = config.apply(session);
    voices.requireChange(config, updated, session);
    if (session.containsKey("input_audio_format") || session.containsKey("modalities")
        || session.containsKey("voice") || session.containsKey("turn_detection")) {
      out.speakBeta(); // the client speaks the beta shape: answer in it
    }
    boolean reopen = updated.speechStreamDiffers(config);
    config = updated;
    out.send(out.event("session.updated").put("session", config.toJson(id, out.legacy())));
    if (reopen) {
      closeSpeech().onComplete(v -> openSpeech());
    }
  }

  // ---------------------------------------------------------------- input audio

  private void append(byte[] pcm) {
    if (pcm.length % 2 != 0) {
      throw ProtocolError.invalid("audio", "PCM16 audio must have an even number of bytes");
    }
    if (pcm.length == 0) {
      return;
    }
    if (config.turnDetection == null) {
      long limit = (long) options.maxBufferSeconds() * config.inputRate * 2;
      if (manual.size() + (long) pcm.length > limit) {
        throw new ProtocolError("input_audio_buffer_too_large", "audio", "The input audio buffer holds at most "
            + options.maxBufferSeconds() + " s; commit or clear it");
      }
      manual.write(pcm, 0, pcm.length);
    } else if (speech != null) {
      speech.append(pcm);
    }
  }

  private void openSpeech() {
    if (closed || config.turnDetection == null) {
      return;
    }
    SessionConfig.TurnDetection td = config.turnDetection;
    SpeechInput[] opened = new SpeechInput[1];
    opened[0] = SpeechInput.open(vertx, id, config.inputRate, config.transcriptionLanguage,
        new SpeechInput.Vad(td.threshold(), td.prefixPaddingMs(), td.silenceDurationMs()), this::onSpeech, err -> {
          if (speech == opened[0]) {
            speech = null;
            out.error(null, "server_vad_unavailable", "turn_detection", "Server VAD could not start: "
                + BusErrors.message(err, "speech") + "; send input_audio_buffer.commit yourself or set turn_detection to null");
          }
        });
    speech = opened[0];
  }

  private Future<Void> closeSpeech() {
    if (speech == null) {
      return Future.succeededFuture();
    }
    SpeechInput input = speech;
    speech = null;
    utteranceItem = null;
    return input.close();
  }

  private void onSpeech(SpeechEvent event) {
    switch (event.type()) {
      case "speech_started" -> {
        utteranceItem = Item.newId();
        utterancePartial = "";
        speechStartedAt = System.nanoTime();
        out.send(out.event("input_audio_buffer.speech_started").put("audio_start_ms", event.audioMs())
            .put("item_id", utteranceItem));
        if (response != null && config.turnDetection != null && config.turnDetection.interruptResponse()) {
          response.userSpeaking(speechStartedAt, config.echoGuard);
        }
      }
      case "partial" -> {
        String text = event.text() == null ? "" : event.text();
        if (utteranceItem != null && text.length() > utterancePartial.length() && text.startsWith(utterancePartial)) {
          out.send(out.event("conversation.item.input_audio_transcription.delta").put("item_id", utteranceItem)
              .put("content_index", 0).put("delta", text.substring(utterancePartial.length())));
          utterancePartial = text;
        }
        if (response != null) {
          response.userWords(text, false);
        }
      }
      case "speech_stopped" -> {
        speechStoppedAt = System.nanoTime();
        out.send(out.event("input_audio_buffer.speech_stopped").put("audio_end_ms", event.audioMs())
            .put("item_id", utteranceItem));
      }
      case "final" -> {
        String transcript = event.text() == null ? "" : event.text().trim();
        String itemId = utteranceItem == null ? Item.newId() : utteranceItem;
        utteranceItem = null;
        double transcriptMs = (System.nanoTime() - speechStoppedAt) / 1e6;
        if (response != null && !response.userWords(transcript, true)) {
          return; // the assistant's own voice came back: not a turn
        }
        if (config.echoGuard && echo.isEcho(transcript) && response == null
            && System.nanoTime() - lastAudioSentAt < 3_000_000_000L) {
          return;
        }
        commitUserAudio(itemId, transcript, transcriptMs);
      }
      case "error" -> out.error(null, "speech_failed", null, "Speech decoding failed: " + event.text());
      default -> LOG.debug("realtime {}: speech event {}", id, event.type());
    }
  }

  private void commitUserAudio(String itemId, String transcript, double transcriptMs) {
    String previous = conversation.lastId();
    out.send(out.event("input_audio_buffer.committed").put("previous_item_id", previous).put("item_id", itemId));
    conversation.add(Item.message(itemId, "user", transcript, true), previous);
    out.send(out.event("conversation.item.input_audio_transcription.completed").put("item_id", itemId)
        .put("content_index", 0).put("transcript", transcript)
        .put("usage", new JsonObject().put("type", "duration").put("seconds", 0)));
    if (config.turnDetection != null && config.turnDetection.createResponse() && !transcript.isBlank()
        && response == null) {
      createResponse(new JsonObject(), transcriptMs, "turn");
    }
  }

  private void commit() {
    if (config.turnDetection != null) {
      if (speech != null) {
        speech.commit(); // an empty chunk ends the utterance in progress
      }
      return;
    }
    if (manual.size() < config.inputRate / 10 * 2) {
      throw new ProtocolError("input_audio_buffer_commit_empty", null,
          "The input audio buffer holds less than 100 ms of audio; nothing to commit");
    }
    byte[] audio = manual.toByteArray();
    manual.reset();
    String itemId = Item.newId();
    long started = System.nanoTime();
    itemEvents.transcribe(audio).onSuccess(t -> commitUserAudio(itemId, t.text().trim(), (System.nanoTime() - started) / 1e6))
        .onFailure(err -> out.error(null, "transcription_failed", null, "Transcription failed: " + BusErrors.message(err, "speech")));
  }

  private void clearInput() {
    manual.reset();
    out.send(out.event("input_audio_buffer.cleared"));
    if (speech != null) {
      closeSpeech().onComplete(v -> openSpeech());
    }
  }

  // ---------------------------------------------------------------- responses

  private void createResponse(JsonObject overrides, double transcriptMs, String trigger) {
    if (response != null) {
      throw new ProtocolError("conversation_already_has_active_response", null,
          "The conversation already has an active response (" + response.id + ")");
    }
    SessionConfig effective = config;
    if (!overrides.isEmpty()) {
      JsonObject session = overrides.copy();
      session.remove("conversation");
      session.remove("metadata");
      session.remove("input");
      effective = config.apply(session);
    }
    response = new Response(this, effective, conversation.messages(effective.instructions), trigger.equals("turn") ? speechStoppedAt : System.nanoTime(),
        transcriptMs);
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

  // ---------------------------------------------------------------- what a response uses

  Vertx vertx() {
    return vertx;
  }

  String id() {
    return id;
  }

  Options options() {
    return options;
  }

  String reasoningModel() {
    return reasoningModel;
  }

  RealtimeOutput output() {
    return out;
  }

  Conversation conversation() {
    return conversation;
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
    ws.close((short) 1008, "slow_reader");
    close();
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    release.run();
    out.closed();
    if (response != null) {
      response.cancel("client_closed", -1);
    }
    closeSpeech();
  }
}
