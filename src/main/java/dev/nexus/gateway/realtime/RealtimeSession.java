package dev.nexus.gateway.realtime;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.SpeechEvent;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.Transcription;
import dev.nexus.gateway.SpeechInput;
import dev.nexus.bus.TranscriptionRequest;
import dev.nexus.metrics.LatencyLedger;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
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
  private final List<Item> items = new ArrayList<>();
  private final EchoGuard echo;
  private SessionConfig config = new SessionConfig();
  private boolean legacy;
  private String reasoningModel;
  private final dev.nexus.gateway.EventSocket socket;
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
    this.socket = new dev.nexus.gateway.EventSocket(ws, "realtime");
    this.options = options;
    this.ledger = ledger;
    this.legacy = legacy;
    this.config.model = model;
    this.config.echoGuard = options.echoGuard();
    this.echo = new EchoGuard(options.echoMemoryWords(), options.echoOverlap());
  }

  /** Starts the session: handlers, the reasoning model to use, {@code session.created}, the VAD stream. */
  void start() {
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(this::onBinary);
    ws.closeHandler(v -> close());
    ws.exceptionHandler(err -> LOG.debug("realtime {}: {}", id, err.getMessage()));
    vertx.eventBus().<JsonObject>request(Addresses.REASONING_MODELS, "list")
        .onSuccess(reply -> {
          JsonArray data = reply.body().getJsonArray("data", new JsonArray());
          for (int i = 0; i < data.size(); i++) {
            if (data.getJsonObject(i).getString("id").equals(config.model)) {
              reasoningModel = config.model;
            }
          }
        })
        .onComplete(done -> {
          send(event("session.created").put("session", config.toJson(id, legacy)));
          openSpeech();
        });
  }

  // ---------------------------------------------------------------- client events

  private void onText(String text) {
    JsonObject event;
    try {
      event = new JsonObject(text);
    } catch (RuntimeException e) {
      error(null, "invalid_json", null, "The event is not valid JSON: " + e.getMessage());
      return;
    }
    String clientEventId = event.getValue("event_id") instanceof String s ? s : null;
    try {
      if (!(event.getValue("type") instanceof String type)) {
        throw new ProtocolError("missing_type", "type", "Every event needs a string 'type'");
      }
      dispatch(type, event);
    } catch (ProtocolError e) {
      error(clientEventId, e.code, e.param, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("realtime {}: event failed", id, e);
      error(clientEventId, "invalid_event", null, "The event could not be handled: " + e.getMessage());
    }
  }

  private void onBinary(Buffer audio) {
    try {
      append(audio.getBytes());
    } catch (ProtocolError e) {
      error(null, e.code, e.param, e.getMessage());
    }
  }

  private void dispatch(String type, JsonObject event) {
    switch (type) {
      case "session.update" -> updateSession(event);
      case "input_audio_buffer.append" -> append(decodeAudio(event.getValue("audio"), "audio"));
      case "input_audio_buffer.commit" -> commit();
      case "input_audio_buffer.clear" -> clearInput();
      case "conversation.item.create" -> createItem(event);
      case "conversation.item.delete" -> deleteItem(event);
      case "conversation.item.truncate" -> truncate(event);
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
    if (session.containsKey("input_audio_format") || session.containsKey("modalities")
        || session.containsKey("voice") || session.containsKey("turn_detection")) {
      legacy = true; // the client speaks the beta shape: answer in it
    }
    boolean reopen = updated.speechStreamDiffers(config);
    config = updated;
    send(event("session.updated").put("session", config.toJson(id, legacy)));
    if (reopen) {
      closeSpeech().onComplete(v -> openSpeech());
    }
  }

  private static byte[] decodeAudio(Object raw, String param) {
    if (!(raw instanceof String text)) {
      throw ProtocolError.invalid(param, "'" + param + "' must be base64-encoded PCM16 audio");
    }
    byte[] pcm;
    try {
      pcm = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw ProtocolError.invalid(param, "'" + param + "' is not valid base64: " + e.getMessage());
    }
    if (pcm.length % 2 != 0) {
      throw ProtocolError.invalid(param, "PCM16 audio must have an even number of bytes");
    }
    return pcm;
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
            error(null, "server_vad_unavailable", "turn_detection", "Server VAD could not start: "
                + busMessage(err, "speech") + "; send input_audio_buffer.commit yourself or set turn_detection to null");
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
        send(event("input_audio_buffer.speech_started").put("audio_start_ms", event.audioMs())
            .put("item_id", utteranceItem));
        if (response != null && config.turnDetection != null && config.turnDetection.interruptResponse()) {
          response.userSpeaking(speechStartedAt, config.echoGuard);
        }
      }
      case "partial" -> {
        String text = event.text() == null ? "" : event.text();
        if (utteranceItem != null && text.length() > utterancePartial.length() && text.startsWith(utterancePartial)) {
          send(event("conversation.item.input_audio_transcription.delta").put("item_id", utteranceItem)
              .put("content_index", 0).put("delta", text.substring(utterancePartial.length())));
          utterancePartial = text;
        }
        if (response != null) {
          response.userWords(text, false);
        }
      }
      case "speech_stopped" -> {
        speechStoppedAt = System.nanoTime();
        send(event("input_audio_buffer.speech_stopped").put("audio_end_ms", event.audioMs())
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
      case "error" -> error(null, "speech_failed", null, "Speech decoding failed: " + event.text());
      default -> LOG.debug("realtime {}: speech event {}", id, event.type());
    }
  }

  private void commitUserAudio(String itemId, String transcript, double transcriptMs) {
    String previous = items.isEmpty() ? null : items.get(items.size() - 1).id;
    send(event("input_audio_buffer.committed").put("previous_item_id", previous).put("item_id", itemId));
    addItem(Item.message(itemId, "user", transcript, true), previous);
    send(event("conversation.item.input_audio_transcription.completed").put("item_id", itemId)
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
    transcribe(audio).onSuccess(t -> commitUserAudio(itemId, t.text().trim(), (System.nanoTime() - started) / 1e6))
        .onFailure(err -> error(null, "transcription_failed", null, "Transcription failed: " + busMessage(err, "speech")));
  }

  private Future<Transcription> transcribe(byte[] pcm) {
    return vertx.eventBus().<Transcription>request(Addresses.SPEECH_TRANSCRIBE, new TranscriptionRequest(
        RequestContext.newRequest(id), pcm, config.inputRate, config.transcriptionLanguage)).map(m -> m.body());
  }

  private void clearInput() {
    manual.reset();
    send(event("input_audio_buffer.cleared"));
    if (speech != null) {
      closeSpeech().onComplete(v -> openSpeech());
    }
  }

  // ---------------------------------------------------------------- conversation

  private void addItem(Item item, String previousId) {
    int at = items.size();
    if (previousId != null && !previousId.equals(items.isEmpty() ? null : items.get(items.size() - 1).id)) {
      at = "root".equals(previousId) ? 0 : indexOf(previousId) + 1;
    }
    items.add(at, item);
    String previous = at == 0 ? null : items.get(at - 1).id;
    if (legacy) {
      send(event("conversation.item.created").put("previous_item_id", previous).put("item", item.toJson(true)));
    } else {
      send(event("conversation.item.added").put("previous_item_id", previous).put("item", item.toJson(false)));
      send(event("conversation.item.done").put("previous_item_id", previous).put("item", item.toJson(false)));
    }
  }

  private int indexOf(String itemId) {
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).id.equals(itemId)) {
        return i;
      }
    }
    return -1;
  }

  private Item find(String itemId, String param) {
    int i = itemId == null ? -1 : indexOf(itemId);
    if (i < 0) {
      throw new ProtocolError("item_not_found", param, "No conversation item with id '" + itemId + "'");
    }
    return items.get(i);
  }

  private void createItem(JsonObject event) {
    if (!(event.getValue("item") instanceof JsonObject raw)) {
      throw ProtocolError.invalid("item", "conversation.item.create needs an 'item' object");
    }
    Object previous = event.getValue("previous_item_id");
    if (previous != null && !"root".equals(previous)) {
      find(previous instanceof String s ? s : null, "previous_item_id");
    }
    String previousId = (String) previous;
    String itemId = raw.getValue("id") instanceof String s && !s.isBlank() ? s : null;
    if (itemId != null && indexOf(itemId) >= 0) {
      throw ProtocolError.invalid("item.id", "An item with id '" + itemId + "' already exists");
    }
    String type = raw.getValue("type") instanceof String t ? t : "message";
    switch (type) {
      case "function_call_output" -> {
        if (!(raw.getValue("call_id") instanceof String callId) || !(raw.getValue("output") instanceof String output)) {
          throw ProtocolError.invalid("item", "a function_call_output item needs string 'call_id' and 'output'");
        }
        addItem(Item.functionOutput(itemId, callId, output), previousId);
      }
      case "function_call" -> {
        if (!(raw.getValue("call_id") instanceof String callId) || !(raw.getValue("name") instanceof String name)) {
          throw ProtocolError.invalid("item", "a function_call item needs string 'call_id' and 'name'");
        }
        addItem(Item.functionCall(itemId, new ToolCall(callId, name,
            raw.getValue("arguments") instanceof String a ? a : "{}")), previousId);
      }
      case "message" -> createMessage(raw, itemId, previousId);
      default -> throw ProtocolError.invalid("item.type", "item.type must be message, function_call or "
          + "function_call_output (got '" + type + "')");
    }
  }

  private void createMessage(JsonObject raw, String itemId, String previousId) {
    Object role = raw.getValue("role");
    if (!List.of("user", "assistant", "system").contains(role)) {
      throw ProtocolError.invalid("item.role", "item.role must be user, assistant or system");
    }
    if (!(raw.getValue("content") instanceof JsonArray content) || content.isEmpty()) {
      throw ProtocolError.invalid("item.content", "a message item needs a non-empty 'content' array");
    }
    StringBuilder text = new StringBuilder();
    ByteArrayOutputStream audio = new ByteArrayOutputStream();
    for (int i = 0; i < content.size(); i++) {
      String where = "item.content[" + i + "]";
      if (!(content.getValue(i) instanceof JsonObject part) || !(part.getValue("type") instanceof String kind)) {
        throw ProtocolError.invalid(where, where + " must be an object with a 'type'");
      }
      switch (kind) {
        case "input_text", "text", "output_text" -> {
          if (!(part.getValue("text") instanceof String t)) {
            throw ProtocolError.invalid(where + ".text", where + ".text must be a string");
          }
          text.append(text.length() > 0 ? " " : "").append(t);
        }
        case "input_audio", "audio", "output_audio" -> {
          if (part.getValue("audio") != null) {
            byte[] pcm = decodeAudio(part.getValue("audio"), where + ".audio");
            audio.write(pcm, 0, pcm.length);
          } else if (part.getValue("transcript") instanceof String t) {
            text.append(text.length() > 0 ? " " : "").append(t);
          } else {
            throw ProtocolError.invalid(where, where + " needs 'audio' (base64 PCM16) or a 'transcript'");
          }
        }
        default -> throw ProtocolError.invalid(where + ".type", "content type '" + kind + "' is not supported");
      }
    }
    String id = itemId == null ? Item.newId() : itemId;
    if (audio.size() == 0) {
      addItem(Item.message(id, (String) role, text.toString(), false), previousId);
      return;
    }
    transcribe(audio.toByteArray()).onSuccess(t ->
        addItem(Item.message(id, (String) role, (text + " " + t.text()).trim(), true), previousId)).onFailure(err -> error(null, "transcription_failed", "item.content", "The item's audio could not be "
        + "transcribed: " + busMessage(err, "speech")));
  }

  private void deleteItem(JsonObject event) {
    Item item = find(event.getValue("item_id") instanceof String s ? s : null, "item_id");
    items.remove(item);
    send(event("conversation.item.deleted").put("item_id", item.id));
  }

  private void truncate(JsonObject event) {
    Item item = find(event.getValue("item_id") instanceof String s ? s : null, "item_id");
    if (!"assistant".equals(item.role) || !item.audio) {
      throw ProtocolError.invalid("item_id", "only an assistant message with audio can be truncated");
    }
    if (!(event.getValue("content_index", 0) instanceof Number index) || index.intValue() != 0) {
      throw ProtocolError.invalid("content_index", "content_index must be 0");
    }
    if (!(event.getValue("audio_end_ms") instanceof Number end) || end.doubleValue() < 0) {
      throw ProtocolError.invalid("audio_end_ms", "audio_end_ms must be a number of milliseconds, 0 or more");
    }
    Spoken spoken = spokenOf(item);
    if (spoken == null) {
      throw ProtocolError.invalid("item_id", "the item's audio is no longer known to the server");
    }
    if (end.doubleValue() > spoken.audioMs + 1) {
      throw ProtocolError.invalid("audio_end_ms", "audio_end_ms (" + end + ") is past the item's audio, which is "
          + Math.round(spoken.audioMs) + " ms long");
    }
    if (response != null && response.item == item) {
      response.cancel("client_cancelled", -1);
    }
    item.text = spoken.heardBy(end.doubleValue());
    spoken.audioMs = end.doubleValue();
    send(event("conversation.item.truncated").put("item_id", item.id).put("content_index", 0)
        .put("audio_end_ms", end.intValue()));
  }

  /** What the server sent of an assistant audio item: the transcript and where each word starts. */
  static final class Spoken {
    final StringBuilder transcript = new StringBuilder();
    final List<double[]> marks = new ArrayList<>(); // {startMs, transcript length after the word}
    double audioMs;

    String heardBy(double endMs) {
      int length = 0;
      for (double[] mark : marks) {
        if (mark[0] < endMs) {
          length = (int) mark[1];
        }
      }
      return transcript.substring(0, Math.min(length, transcript.length())).trim();
    }
  }

  private final java.util.Map<String, Spoken> spokenItems = new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<String, Spoken> eldest) {
      return size() > 32;
    }
  };

  private Spoken spokenOf(Item item) {
    return spokenItems.get(item.id);
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
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.system(effective.instructions));
    for (Item item : items) {
      ChatMessage m = item.toMessage();
      if (m != null) {
        messages.add(m);
      }
    }
    response = new Response(this, effective, messages, trigger.equals("turn") ? speechStoppedAt : System.nanoTime(),
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

  // ---------------------------------------------------------------- plumbing shared with Response

  Vertx vertx() {
    return vertx;
  }

  String id() {
    return id;
  }

  boolean legacy() {
    return legacy;
  }

  Options options() {
    return options;
  }

  String reasoningModel() {
    return reasoningModel;
  }

  boolean isEcho(String transcript) {
    return echo.isEcho(transcript);
  }

  void spoke(String text) {
    echo.spoken(text);
    lastAudioSentAt = System.nanoTime();
  }

  void itemAdded(Item item) {
    addItem(item, null);
  }

  Spoken trackSpoken(Item item) {
    Spoken spoken = new Spoken();
    spokenItems.put(item.id, spoken);
    return spoken;
  }

  /** A server event of {@code type} (renamed to the beta name for beta clients) with a fresh event id. */
  JsonObject event(String type) {
    return socket.event(legacy ? LegacyNames.of(type) : type);
  }

  boolean writable() {
    return socket.writable();
  }

  void send(JsonObject event) {
    socket.send(event);
  }

  void error(String clientEventId, String code, String param, String message) {
    socket.error(clientEventId, code, param, message);
  }

  void serverError(String code, String message) {
    socket.serverError(code, message);
  }

  /** The client reads too slowly to be served: it is told, and the socket is closed (its memory is not grown). */
  void slowReader() {
    LOG.warn("realtime {}: the client took no audio for {} ms; closing", id, Response.SLOW_READER_MS);
    ws.close((short) 1008, "slow_reader");
    close();
  }

  /** A failed bus request as one readable line. */
  static String busMessage(Throwable err, String capability) {
    if (err instanceof ReplyException re && re.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return "the " + capability + " capability is not available (" + re.failureType() + ")";
    }
    return String.valueOf(err.getMessage());
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    release.run();
    socket.markClosed();
    if (response != null) {
      response.cancel("client_closed", -1);
    }
    closeSpeech();
  }
}
