package dev.nexus.gateway.realtime;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.ChatEvent;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageException;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.WordTiming;
import dev.nexus.bus.client.StageStream;
import dev.nexus.live.Interruption;
import dev.nexus.live.SentenceSpeaker;
import dev.nexus.metrics.LatencyLedger;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * One assistant response of a realtime session, as protocol: the reasoning stage's events become response events,
 * and with audio out its text goes to a {@link SentenceSpeaker}, whose paced audio and word timings become audio and
 * transcript deltas. Cancelling is the live layer's {@link Interruption}: queued audio is dropped at once and every
 * stage still working is asked to stop.
 */
final class Response implements SentenceSpeaker.Listener<Item> {
  /** A client that takes no audio for this long is disconnected rather than buffered for. */
  static final long SLOW_READER_MS = 10_000;

  final String id = "resp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  private final RealtimeSession session;
  private final RealtimeOutput out;
  private final Conversation conversation;
  private final SessionConfig config;
  private final JsonObject metadata;
  private final boolean outOfBand;
  private final OutputAudio encoder;
  private final List<ChatMessage> messages;
  private final long turnStart;
  private final double transcriptMs;
  private final Interruption interruption = new Interruption();
  private final SentenceSpeaker<Item> speaker;
  private final SentenceSpeaker.Voice voice;
  private StageStream<ChatEvent> chat;
  Item item;
  private final List<Item> outputs = new ArrayList<>();
  private String sentence = "";
  private int sentenceSent;
  private Conversation.Spoken spoken;
  private final StringBuilder text = new StringBuilder();
  private boolean chatDone;
  private boolean finished;
  private boolean echoDecided;
  private long gatedAt;
  private long firstToken = -1;
  private long firstAudio = -1;
  private JsonObject usage = new JsonObject().put("total_tokens", 0).put("input_tokens", 0).put("output_tokens", 0);

  Response(RealtimeSession session, ResponseRequest request, List<ChatMessage> messages, long turnStart,
      double transcriptMs) {
    this.session = session;
    this.out = session.parts().output();
    this.conversation = session.parts().conversation();
    this.config = request.config();
    this.metadata = request.metadata();
    this.outOfBand = request.outOfBand();
    this.encoder = new OutputAudio(config);
    this.messages = messages;
    this.turnStart = turnStart;
    this.transcriptMs = transcriptMs;
    RealtimeSession.Options options = session.parts().options();
    this.voice = new SentenceSpeaker.Voice(config.voice, OutputAudio.synthesisRate(config), config.speed,
        options.chunkMs());
    this.speaker = new SentenceSpeaker<>(session.parts().vertx(), session.parts().id(), interruption,
        new SentenceSpeaker.Pacing(options.sendAheadMs(), out::writable, SLOW_READER_MS, session::slowReader), this)
        .stageTimeoutMs(options.stageTimeoutMs());
  }

  void start() {
    out.send(out.event("response.created").put("response", toJson("in_progress", null)));
    ChatRequest request = new ChatRequest(RequestContext.newRequest(session.parts().id()), session.reasoningModel(), messages,
        config.tools, config.tools.isEmpty() ? null : config.toolChoice, config.tools.isEmpty(), config.temperature,
        config.maxOutputTokens, null);
    chat = interruption.track(StageStream.of(session.parts().vertx(), "reasoning", Addresses.REASONING_CHAT,
            request.context(), ChatEvent.class))
        .idleTimeout(session.parts().options().stageTimeoutMs())
        .handler(this::onChat)
        .endHandler(end -> onChatEnd())
        .exceptionHandler(failure -> fail(failure.stage(), failure.getMessage()));
    chat.send(request);
  }

  // ---------------------------------------------------------------- reasoning

  private void onChat(ChatEvent event) {
    if (event instanceof ChatEvent.Text piece) {
      onText(piece.text());
    } else if (event instanceof ChatEvent.ToolAnswered answered) {
      // a Nexus extension: the server ran one of its tools for this response
      out.send(out.event("nexus.tool.result").put("response_id", id).put("name", answered.call().name())
          .put("arguments", answered.call().arguments()).put("output", answered.result())
          .put("error", answered.failed()));
      if (answered.failed()) { // the model is told and answers anyway; the client is told which stage failed
        out.serverError("tool_failed", "The tool stage failed: " + answered.result());
      }
    } else if (event instanceof ChatResult result) {
      onResult(result);
    }
  }

  private void onText(String token) {
    if (firstToken < 0) {
      firstToken = System.nanoTime();
    }
    openMessage();
    if (config.audioOut) {
      speaker.feed(item, token, voice);
      return;
    }
    text.append(token);
    item.text = text.toString();
    out.send(out.event("response.output_text.delta").put("response_id", id).put("item_id", item.id)
        .put("output_index", outputs.indexOf(item)).put("content_index", 0).put("delta", token));
  }

  private void onResult(ChatResult result) {
    usage = new JsonObject().put("total_tokens", result.promptTokens() + result.completionTokens())
        .put("input_tokens", result.promptTokens()).put("output_tokens", result.completionTokens());
    if (config.tools.isEmpty() || !"tool_calls".equals(result.finishReason())) {
      return;
    }
    for (ToolCall call : result.toolCalls()) { // the client runs its own functions
      Item fc = Item.functionCall(call);
      fc.status = "in_progress";
      outputs.add(fc);
      int index = outputs.size() - 1;
      out.send(out.event("response.output_item.added").put("response_id", id).put("output_index", index)
          .put("item", fc.toJson(out.legacy())));
      fc.status = "completed";
      if (!outOfBand) {
        conversation.add(fc, null);
      }
      out.send(out.event("response.function_call_arguments.delta").put("response_id", id)
          .put("item_id", fc.id).put("output_index", index).put("call_id", call.id()).put("delta", call.arguments()));
      out.send(out.event("response.function_call_arguments.done").put("response_id", id)
          .put("item_id", fc.id).put("output_index", index).put("call_id", call.id()).put("name", call.name())
          .put("arguments", call.arguments()));
      out.send(out.event("response.output_item.done").put("response_id", id).put("output_index", index)
          .put("item", fc.toJson(out.legacy())));
    }
  }

  private void onChatEnd() {
    chatDone = true;
    if (config.audioOut && item != null) {
      speaker.flush(item, voice);
    }
    maybeFinish();
  }

  private void openMessage() {
    if (item != null) {
      return;
    }
    item = Item.message("assistant", "", config.audioOut);
    item.status = "in_progress";
    outputs.add(item);
    if (config.audioOut) {
      spoken = conversation.track(item);
    }
    out.send(out.event("response.output_item.added").put("response_id", id)
        .put("output_index", outputs.indexOf(item)).put("item", item.toJson(out.legacy())));
    if (!outOfBand) {
      conversation.add(item, null, false); // done once its audio or text is
    }
    out.send(out.event("response.content_part.added").put("response_id", id).put("item_id", item.id)
        .put("output_index", outputs.indexOf(item)).put("content_index", 0).put("part", item.content(out.legacy())));
  }

  // ---------------------------------------------------------------- speech (the speaker's events)

  @Override
  public void started(Item piece, String text, double atMs) {
    sentence = text;
    sentenceSent = 0;
    if (spoken.transcript.length() > 0) {
      spoken.transcript.append(' ');
    }
  }

  @Override
  public void audio(Item piece, AudioChunk chunk, double pieceStartMs) {
    for (WordTiming w : chunk.words()) {
      transcript(Math.min(sentence.length(), w.textOffset() + w.word().length()));
      spoken.heard.mark(pieceStartMs + w.startMs(), piece, 0, spoken.transcript.length());
    }
    if (firstAudio < 0) {
      firstAudio = System.nanoTime();
    }
    out.send(out.event("response.output_audio.delta").put("response_id", id).put("item_id", item.id)
        .put("output_index", outputs.indexOf(item)).put("content_index", 0)
        .put("delta", Base64.getEncoder().encodeToString(encoder.encode(chunk.pcm()))));
    spoken.audioMs = speaker.sentMs();
  }

  @Override
  public void ended(Item piece) {
    transcript(sentence.length());
  }

  @Override
  public void failed(Item piece, StageException failure) {
    fail(failure.stage(), failure.getMessage());
  }

  @Override
  public void drained() {
    maybeFinish();
  }

  /** Sends the current sentence's transcript up to {@code upTo} characters. */
  private void transcript(int upTo) {
    if (upTo <= sentenceSent) {
      return;
    }
    String piece = sentence.substring(sentenceSent, upTo);
    boolean space = sentenceSent == 0 && spoken.transcript.length() > 0
        && spoken.transcript.charAt(spoken.transcript.length() - 1) == ' ';
    sentenceSent = upTo;
    spoken.transcript.append(piece);
    item.text = spoken.transcript.toString().trim();
    session.spoke(piece);
    out.send(out.event("response.output_audio_transcript.delta").put("response_id", id)
        .put("item_id", item.id).put("output_index", outputs.indexOf(item)).put("content_index", 0)
        .put("delta", space ? " " + piece : piece));
  }

  // ---------------------------------------------------------------- barge-in

  /**
   * The user started speaking. Without the echo guard this is a barge-in; with it, audio stops at once
   * but the work goes on until the words show whether it is the user or the assistant's own voice.
   */
  void userSpeaking(long at, boolean echoGuard) {
    if (finished) {
      return;
    }
    if (!echoGuard || !config.audioOut) {
      cancel("turn_detected", at);
      return;
    }
    speaker.pause();
    gatedAt = at;
    echoDecided = false;
  }

  /**
   * Words of the user's utterance: decides a pending barge-in. Returns false when the utterance is the
   * assistant's own voice (so it is not a user turn).
   */
  boolean userWords(String words, boolean isFinal) {
    if (!speaker.paused()) {
      boolean echo = echoDecided;
      if (isFinal) {
        echoDecided = false;
      }
      return !echo;
    }
    if (words == null || words.isBlank()) {
      if (isFinal) { // noise: carry on speaking
        speaker.resume();
      }
      return true;
    }
    if (session.isEcho(words)) {
      echoDecided = !isFinal;
      speaker.resume();
      return false;
    }
    cancel("turn_detected", gatedAt);
    return true;
  }

  // ---------------------------------------------------------------- the end

  private void maybeFinish() {
    if (!finished && chatDone && speaker.idle() && !speaker.paused()) {
      finish("completed", null, -1);
    }
  }

  /** Cancels the response: no more audio leaves, and every stage still working is asked to stop. */
  void cancel(String reason, long speechAt) {
    if (!finished) {
      finish("cancelled", new JsonObject().put("type", "cancelled").put("reason", reason), speechAt);
    }
  }

  private void fail(String stage, String message) {
    if (finished) {
      return;
    }
    String code = stage + "_failed";
    out.serverError(code, "The " + stage + " stage failed: " + message);
    finish("failed", new JsonObject().put("type", "failed").put("error", new JsonObject().put("type", "server_error")
        .put("code", code).put("message", message)), -1);
  }

  private void finish(String status, JsonObject details, long speechAt) {
    finished = true;
    interruption.interrupt(status).onComplete(stopped -> {
      double bargeInMs = speechAt > 0 ? (System.nanoTime() - speechAt) / 1e6 : -1;
      session.record(new LatencyLedger.Turn("realtime", session.parts().id(), id, transcriptMs, since(firstToken),
          since(firstAudio), bargeInMs));
    });
    speaker.close();
    if (item != null) {
      item.status = status.equals("completed") ? "completed" : "incomplete";
      int index = outputs.indexOf(item);
      if (config.audioOut) {
        item.text = spoken.transcript.toString().trim();
        out.send(out.event("response.output_audio.done").put("response_id", id).put("item_id", item.id)
            .put("output_index", index).put("content_index", 0));
        out.send(out.event("response.output_audio_transcript.done").put("response_id", id)
            .put("item_id", item.id).put("output_index", index).put("content_index", 0).put("transcript", item.text));
      } else {
        out.send(out.event("response.output_text.done").put("response_id", id).put("item_id", item.id)
            .put("output_index", index).put("content_index", 0).put("text", item.text));
      }
      out.send(out.event("response.content_part.done").put("response_id", id).put("item_id", item.id)
          .put("output_index", index).put("content_index", 0).put("part", item.content(out.legacy())));
      out.send(out.event("response.output_item.done").put("response_id", id).put("output_index", index)
          .put("item", item.toJson(out.legacy())));
      if (!outOfBand) {
        conversation.done(item);
      }
    }
    out.send(out.event("response.done").put("response", toJson(status, details)));
    session.responseDone(this);
  }

  private double since(long at) {
    return at < 0 ? -1 : (at - turnStart) / 1e6;
  }

  private JsonObject toJson(String status, JsonObject details) {
    JsonArray output = new JsonArray();
    outputs.forEach(o -> output.add(o.toJson(out.legacy())));
    JsonArray modalities = new JsonArray().add(config.audioOut ? "audio" : "text");
    return new JsonObject().put("id", id).put("object", "realtime.response").put("status", status)
        .put("status_details", details).put("output", output).put("metadata", metadata)
        .put("conversation_id", outOfBand ? null : session.parts().id().replace("sess_", "conv_"))
        .put(out.legacy() ? "modalities" : "output_modalities", modalities)
        .put("audio", new JsonObject().put("output", new JsonObject().put("format", config.outputFormat().toJson())
            .put("voice", config.voice)))
        .put("usage", usage);
  }
}
