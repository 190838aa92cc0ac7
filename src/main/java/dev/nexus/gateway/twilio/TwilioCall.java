package dev.nexus.gateway.twilio;

import dev.nexus.gateway.realtime.RealtimeDriver;
import dev.nexus.gateway.realtime.RealtimeRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One phone call on Twilio's Media Streams WebSocket, bridged to a realtime voice session: Twilio's {@code media}
 * (μ-law, 8 kHz) becomes the session's input audio ({@code audio/pcmu}), the session's audio deltas go back as
 * {@code media} each followed by a {@code mark}, and when the caller speaks over the answer the bridge sends
 * {@code clear} (Twilio drops the audio it still holds) and truncates the answer at the last mark that came back,
 * so the conversation keeps only what the caller heard. The session does the rest (VAD, barge-in, transcription,
 * reasoning, speech). Event-loop only.
 */
final class TwilioCall {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioCall.class);

  private final Vertx vertx;
  private final ServerWebSocket ws;
  private final RealtimeRoutes realtime;
  private final Runnable release;
  private final PlaybackMarks marks = new PlaybackMarks();
  private RealtimeDriver session;
  private boolean responding;
  private String streamSid;
  private boolean closed;

  TwilioCall(Vertx vertx, ServerWebSocket ws, RealtimeRoutes realtime, Runnable release) {
    this.vertx = vertx;
    this.ws = ws;
    this.realtime = realtime;
    this.release = release;
  }

  void start() {
    ws.textMessageHandler(this::onMessage);
    ws.closeHandler(v -> close());
    ws.exceptionHandler(err -> LOG.debug("twilio {}: {}", streamSid, err.getMessage()));
  }

  // ---------------------------------------------------------------- Twilio's messages

  private void onMessage(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (RuntimeException e) {
      LOG.warn("twilio {}: a message that is not JSON: {}", streamSid, e.getMessage());
      return;
    }
    String event = message.getValue("event") instanceof String s ? s : "";
    switch (event) {
      case "connected" -> LOG.debug("twilio: connected ({})", message.getValue("protocol"));
      case "start" -> onStart(message);
      case "media" -> onMedia(message);
      case "mark" -> {
        JsonObject mark = message.getValue("mark") instanceof JsonObject m ? m : new JsonObject();
        marks.played(mark.getValue("name") instanceof String name ? name : "");
      }
      case "stop" -> {
        LOG.info("twilio {}: the call ended", streamSid);
        ws.close();
        close();
      }
      case "dtmf" -> LOG.debug("twilio {}: dtmf {}", streamSid, message.getValue("dtmf"));
      default -> LOG.warn("twilio {}: unknown event '{}'", streamSid, event);
    }
  }

  private void onStart(JsonObject message) {
    if (session != null) {
      LOG.warn("twilio {}: a second start; ignored", streamSid);
      return;
    }
    JsonObject start = message.getValue("start") instanceof JsonObject s ? s : new JsonObject();
    streamSid = message.getValue("streamSid") instanceof String sid ? sid : start.getString("streamSid");
    JsonObject format = start.getValue("mediaFormat") instanceof JsonObject f ? f : new JsonObject();
    Object encoding = format.getValue("encoding", "audio/x-mulaw");
    Object rate = format.getValue("sampleRate", 8000);
    if (streamSid == null || !"audio/x-mulaw".equals(encoding) || !(rate instanceof Number n) || n.intValue() != 8000) {
      LOG.warn("twilio: refused a stream with streamSid {} and media format {} (needs a streamSid and audio/x-mulaw "
          + "at 8000 Hz)", streamSid, format.encode());
      ws.close((short) 1003, "needs a streamSid and audio/x-mulaw at 8000 Hz");
      close();
      return;
    }
    JsonObject parameters = start.getValue("customParameters") instanceof JsonObject p ? p : new JsonObject();
    session = realtime.drive(parameters.getString("model", "nexus-realtime"), this::onSessionEvent, this::writable,
        () -> ws.close((short) 1008, "slow_reader"), release);
    session.send(new JsonObject().put("type", "session.update").put("session", sessionSettings(parameters)));
    LOG.info("twilio {}: call {} bridged to realtime session {}", streamSid, start.getValue("callSid"), session.id());
  }

  /**
   * The session for a call: μ-law in and out, server VAD, and what the stream's custom parameters set
   * ({@code instructions}, {@code voice}, {@code silence_duration_ms}).
   */
  static JsonObject sessionSettings(JsonObject parameters) {
    JsonObject pcmu = new JsonObject().put("type", "audio/pcmu");
    JsonObject turnDetection = new JsonObject().put("type", "server_vad");
    if (parameters.getValue("silence_duration_ms") instanceof String ms) {
      turnDetection.put("silence_duration_ms", Integer.parseInt(ms.trim()));
    }
    JsonObject output = new JsonObject().put("format", pcmu);
    if (parameters.getValue("voice") instanceof String voice) {
      output.put("voice", voice);
    }
    JsonObject session = new JsonObject().put("type", "realtime").put("output_modalities", new JsonArray().add("audio"))
        .put("audio", new JsonObject().put("input", new JsonObject().put("format", pcmu.copy())
            .put("turn_detection", turnDetection)).put("output", output));
    if (parameters.getValue("instructions") instanceof String instructions) {
      session.put("instructions", instructions);
    }
    return session;
  }

  private void onMedia(JsonObject message) {
    if (session == null) {
      return; // audio before start: no session yet
    }
    JsonObject media = message.getValue("media") instanceof JsonObject m ? m : new JsonObject();
    if (!"inbound".equals(media.getValue("track", "inbound"))) {
      return;
    }
    session.send(new JsonObject().put("type", "input_audio_buffer.append").put("audio", media.getValue("payload")));
  }

  // ---------------------------------------------------------------- the session's events

  private void onSessionEvent(JsonObject event) {
    switch (event.getString("type", "")) {
      case "response.output_audio.delta" -> {
        String payload = event.getString("delta");
        int bytes = Base64.getDecoder().decode(payload).length;
        if (bytes == 0) {
          return;
        }
        send(new JsonObject().put("event", "media").put("streamSid", streamSid)
            .put("media", new JsonObject().put("payload", payload)));
        send(new JsonObject().put("event", "mark").put("streamSid", streamSid)
            .put("mark", new JsonObject().put("name", marks.sent(event.getString("item_id"), bytes))));
      }
      case "input_audio_buffer.speech_started" -> bargeIn();
      case "error" -> LOG.warn("twilio {}: the realtime session says: {}", streamSid, event.getValue("error"));
      case "response.created" -> responding = true;
      case "response.done" -> {
        responding = false;
        LOG.debug("twilio {}: response {}", streamSid, event.getJsonObject("response").getString("status"));
      }
      default -> {
        // the other events are the realtime client's business; a phone hears only audio
      }
    }
  }

  /**
   * The caller speaks over an answer (one being made, or audio still waiting in Twilio's buffer): Twilio clears what
   * it holds, and the answer is truncated at what the caller heard (the session itself cancels the response).
   */
  private void bargeIn() {
    if (!marks.playing() && !responding) {
      return;
    }
    send(new JsonObject().put("event", "clear").put("streamSid", streamSid));
    PlaybackMarks.Position heard = marks.clear();
    // after the session has finished handling this speech_started (it cancels the response first)
    vertx.runOnContext(v -> {
      if (heard != null && session != null && !closed) {
        session.send(new JsonObject().put("type", "conversation.item.truncate").put("item_id", heard.itemId())
            .put("content_index", 0).put("audio_end_ms", (long) Math.floor(heard.ms())));
      }
    });
  }

  private void send(JsonObject message) {
    if (!closed && !ws.isClosed()) {
      ws.writeTextMessage(message.encode()).onFailure(err -> LOG.debug("twilio {}: {}", streamSid, err.getMessage()));
    }
  }

  private boolean writable() {
    if (closed || ws.isClosed()) {
      return false;
    }
    try {
      return !ws.writeQueueFull();
    } catch (IllegalStateException gone) {
      return false;
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (session != null) {
      session.close();
    } else {
      release.run();
    }
  }
}
