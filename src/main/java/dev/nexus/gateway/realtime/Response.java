package dev.nexus.gateway.realtime;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.ChatDelta;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.SynthesisRequest;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.WordTiming;
import dev.nexus.gateway.AudioPacer;
import dev.nexus.gateway.SynthesisStream;
import dev.nexus.metrics.LatencyLedger;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.UUID;

/**
 * One assistant response of a realtime session: the reasoning stage's tokens are cut into sentences,
 * each sentence is synthesised in turn, and the audio leaves through a paced outbox (at most
 * {@code sendAheadMs} ahead of real time) with the transcript of the words it carries. Cancelling
 * stops the outbox at once and asks every stage still working to stop.
 */
final class Response {
  /** What the outbox holds, in order: a sentence beginning, a piece of its audio, its end. */
  private record Out(String sentence, AudioChunk chunk, boolean end) {
  }

  private static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("[.!?;:](?=\\s)|\\n");
  private static final int LONG_SENTENCE = 240;
  /** A client that takes no audio for this long is disconnected rather than buffered for. */
  static final long SLOW_READER_MS = 10_000;

  final String id = "resp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  private final RealtimeSession session;
  private final SessionConfig config;
  private final List<ChatMessage> messages;
  private final long turnStart;
  private final double transcriptMs;
  private final RequestContext chat;
  private MessageConsumer<Object> chatConsumer;
  Item item;
  private final List<Item> outputs = new ArrayList<>();
  private final StringBuilder pending = new StringBuilder();
  private final Deque<String> sentences = new ArrayDeque<>();
  private SynthesisStream synth;
  private final AudioPacer<Out> outbox;
  private double sentMs;
  private String pumpSentence = "";
  private int pumpEmitted;
  private double pumpOffset;
  private RealtimeSession.Spoken spoken;
  private final StringBuilder text = new StringBuilder();
  private boolean chatDone;
  private boolean finished;
  private boolean echoDecided;
  private long gatedAt;
  private long watchdog = -1;
  private long firstToken = -1;
  private long firstAudio = -1;
  private JsonObject usage = new JsonObject().put("total_tokens", 0).put("input_tokens", 0).put("output_tokens", 0);

  Response(RealtimeSession session, SessionConfig config, List<ChatMessage> messages, long turnStart,
      double transcriptMs) {
    this.session = session;
    this.config = config;
    this.messages = messages;
    this.turnStart = turnStart;
    this.transcriptMs = transcriptMs;
    this.chat = RequestContext.newRequest(session.id());
    this.outbox = new AudioPacer<>(session.vertx(), session.options().sendAheadMs(), session::writable,
        out -> out.chunk() == null ? 0 : out.chunk().durationMs(), this::emit, this::maybeFinish)
        .onStuck(SLOW_READER_MS, session::slowReader);
  }

  void start() {
    session.send(session.event("response.created").put("response", toJson("in_progress", null)));
    ChatRequest request = new ChatRequest(chat, session.reasoningModel(), messages, config.tools,
        config.tools.isEmpty() ? null : config.toolChoice, config.tools.isEmpty(), config.temperature,
        config.maxOutputTokens, null);
    touch();
    chatConsumer = session.vertx().eventBus().consumer(chat.streamAddress(), message -> {
      if (finished) {
        return;
      }
      touch();
      Object body = message.body();
      if (body instanceof ChatDelta delta && delta.toolResult() != null && delta.toolCall() != null) {
        // a Nexus extension: the server ran one of its tools for this response
        session.send(session.event("nexus.tool.result").put("response_id", id).put("name", delta.toolCall().name())
            .put("arguments", delta.toolCall().arguments()).put("output", delta.toolResult())
            .put("error", delta.toolFailed()));
        if (delta.toolFailed()) {
          // the model is told and answers anyway; the client is told which stage failed
          session.serverError("tool_failed", "The tool stage failed: " + delta.toolResult());
        }
      } else if (body instanceof ChatDelta delta && delta.content() != null && delta.toolResult() == null) {
        onToken(delta.content());
      } else if (body instanceof ChatResult result) {
        onResult(result);
      } else if (body instanceof StreamEnd end) {
        onChatEnd(end);
      }
    });
    chatConsumer.completion()
        .compose(v -> session.vertx().eventBus().request(Addresses.REASONING_CHAT, request))
        .onFailure(err -> fail("reasoning", RealtimeSession.busMessage(err, "reasoning")));
  }

  // ---------------------------------------------------------------- reasoning

  private void onToken(String token) {
    if (firstToken < 0) {
      firstToken = System.nanoTime();
    }
    openMessage();
    if (!config.audioOut) {
      text.append(token);
      item.text = text.toString();
      session.send(session.event("response.output_text.delta").put("response_id", id).put("item_id", item.id)
          .put("output_index", outputs.indexOf(item)).put("content_index", 0).put("delta", token));
      return;
    }
    pending.append(token);
    cutSentences(false);
  }

  /** Moves every complete sentence (all of the text when {@code all}) from the pending text to the queue. */
  private void cutSentences(boolean all) {
    while (true) {
      java.util.regex.Matcher m = SENTENCE_END.matcher(pending);
      int end = m.find() ? m.end() : -1;
      if (end < 0 && pending.length() > LONG_SENTENCE) {
        end = Math.max(pending.lastIndexOf(" "), LONG_SENTENCE);
      }
      if (end < 0 && all) {
        end = pending.length();
      }
      if (end <= 0) {
        break;
      }
      String sentence = pending.substring(0, end).trim();
      pending.delete(0, end);
      if (!sentence.isEmpty()) {
        sentences.add(sentence);
      }
    }
    speakNext();
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
      session.send(session.event("response.output_item.added").put("response_id", id).put("output_index", index)
          .put("item", fc.toJson(session.legacy())));
      fc.status = "completed";
      session.itemAdded(fc);
      session.send(session.event("response.function_call_arguments.delta").put("response_id", id)
          .put("item_id", fc.id).put("output_index", index).put("call_id", call.id()).put("delta", call.arguments()));
      session.send(session.event("response.function_call_arguments.done").put("response_id", id)
          .put("item_id", fc.id).put("output_index", index).put("call_id", call.id()).put("name", call.name())
          .put("arguments", call.arguments()));
      session.send(session.event("response.output_item.done").put("response_id", id).put("output_index", index)
          .put("item", fc.toJson(session.legacy())));
    }
  }

  private void onChatEnd(StreamEnd end) {
    chatConsumer.unregister();
    if (end.status() == StreamEnd.Status.FAILED) {
      fail(end.stage(), end.message());
      return;
    }
    chatDone = true;
    if (config.audioOut) {
      cutSentences(true);
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
      spoken = session.trackSpoken(item);
    }
    session.send(session.event("response.output_item.added").put("response_id", id)
        .put("output_index", outputs.indexOf(item)).put("item", item.toJson(session.legacy())));
    session.itemAdded(item);
    session.send(session.event("response.content_part.added").put("response_id", id).put("item_id", item.id)
        .put("output_index", outputs.indexOf(item)).put("content_index", 0).put("part", item.content(session.legacy())));
  }

  // ---------------------------------------------------------------- synthesis

  private void speakNext() {
    if (finished || synth != null || sentences.isEmpty()) {
      return;
    }
    String sentence = sentences.poll();
    synth = SynthesisStream.start(session.vertx(), session.id(), ctx -> new SynthesisRequest(ctx, sentence,
            config.voice, config.outputRate, config.speed, 1.0, 1.0, session.options().chunkMs()),
        chunk -> {
          touch();
          outbox.add(new Out(null, chunk, false));
        },
        end -> {
          touch();
          synth = null;
          if (end.status() == StreamEnd.Status.FAILED) {
            fail(end.stage(), end.message());
            return;
          }
          outbox.add(new Out(null, null, true));
          speakNext();
          maybeFinish();
        },
        err -> {
          synth = null;
          fail("synthesis", RealtimeSession.busMessage(err, "synthesis"));
        });
    // after synth is set: the outbox may run dry at once and ask whether the response is finished
    outbox.add(new Out(sentence, null, false));
  }

  /** Sends one item of the outbox. */
  private void emit(Out next) {
    if (finished) {
      return;
    }
    if (next.sentence() != null) {
      pumpSentence = next.sentence();
      pumpEmitted = 0;
      pumpOffset = sentMs;
      if (spoken.transcript.length() > 0) {
        spoken.transcript.append(' ');
      }
    } else if (next.chunk() != null) {
      sendAudio(next.chunk());
    } else {
      transcript(pumpSentence.length());
    }
  }

  private void sendAudio(AudioChunk chunk) {
    for (WordTiming w : chunk.words()) {
      transcript(Math.min(pumpSentence.length(), w.textOffset() + w.word().length()));
      spoken.marks.add(new double[] {pumpOffset + w.startMs(), spoken.transcript.length()});
    }
    if (firstAudio < 0) {
      firstAudio = System.nanoTime();
    }
    session.send(session.event("response.output_audio.delta").put("response_id", id).put("item_id", item.id)
        .put("output_index", outputs.indexOf(item)).put("content_index", 0)
        .put("delta", Base64.getEncoder().encodeToString(chunk.pcm())));
    sentMs += chunk.durationMs();
    spoken.audioMs = sentMs;
  }

  /** Sends the current sentence's transcript up to {@code upTo} characters. */
  private void transcript(int upTo) {
    if (upTo <= pumpEmitted) {
      return;
    }
    String piece = pumpSentence.substring(pumpEmitted, upTo);
    boolean space = pumpEmitted == 0 && spoken.transcript.length() > 0
        && spoken.transcript.charAt(spoken.transcript.length() - 1) == ' ';
    pumpEmitted = upTo;
    spoken.transcript.append(piece);
    item.text = spoken.transcript.toString().trim();
    session.spoke(piece);
    session.send(session.event("response.output_audio_transcript.delta").put("response_id", id)
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
    outbox.pause();
    gatedAt = at;
    echoDecided = false;
  }

  /**
   * Words of the user's utterance: decides a pending barge-in. Returns false when the utterance is the
   * assistant's own voice (so it is not a user turn).
   */
  boolean userWords(String words, boolean isFinal) {
    if (!outbox.paused()) {
      boolean echo = echoDecided;
      if (isFinal) {
        echoDecided = false;
      }
      return !echo;
    }
    if (words == null || words.isBlank()) {
      if (isFinal) { // noise: carry on speaking
        outbox.resume();
      }
      return true;
    }
    if (session.isEcho(words)) {
      echoDecided = !isFinal;
      outbox.resume();
      return false;
    }
    cancel("turn_detected", gatedAt);
    return true;
  }

  // ---------------------------------------------------------------- the end

  private void maybeFinish() {
    if (!finished && chatDone && sentences.isEmpty() && synth == null && outbox.idle() && !outbox.paused()) {
      finish("completed", null, -1);
    }
  }

  /** Cancels the response: no more audio leaves, and every stage still working is asked to stop. */
  void cancel(String reason, long speechAt) {
    if (finished) {
      return;
    }
    finish("cancelled", new JsonObject().put("type", "cancelled").put("reason", reason), speechAt);
  }

  private void fail(String stage, String message) {
    if (finished) {
      return;
    }
    String code = stage + "_failed";
    session.serverError(code, "The " + stage + " stage failed: " + message);
    finish("failed", new JsonObject().put("type", "failed").put("error", new JsonObject().put("type", "server_error")
        .put("code", code).put("message", message)), -1);
  }

  /**
   * Restarts the watchdog: a stage that sends nothing for the stage timeout (its node gone, say) fails the
   * response with an error naming it, and the session carries on.
   */
  private void touch() {
    if (watchdog >= 0) {
      session.vertx().cancelTimer(watchdog);
    }
    long timeout = session.options().stageTimeoutMs();
    watchdog = session.vertx().setTimer(timeout, t -> {
      watchdog = -1;
      if (finished || (chatDone && synth == null)) {
        return;
      }
      String stage = chatDone ? "synthesis" : "reasoning";
      fail(stage, "no answer from the " + stage + " stage for " + timeout + " ms (its node may have gone)");
    });
  }

  private void finish(String status, JsonObject details, long speechAt) {
    finished = true;
    if (watchdog >= 0) {
      session.vertx().cancelTimer(watchdog);
      watchdog = -1;
    }
    outbox.clear();
    sentences.clear();
    List<Future<Void>> stops = new ArrayList<>();
    if (!chatDone) {
      chatConsumer.unregister();
      stops.add(CancelToken.cancel(session.vertx(), chat, status));
    }
    if (synth != null) {
      stops.add(synth.cancel(status));
      synth = null;
    }
    if (item != null) {
      boolean complete = status.equals("completed");
      item.status = complete ? "completed" : "incomplete";
      int index = outputs.indexOf(item);
      if (config.audioOut) {
        item.text = spoken.transcript.toString().trim();
        session.send(session.event("response.output_audio.done").put("response_id", id).put("item_id", item.id)
            .put("output_index", index).put("content_index", 0));
        session.send(session.event("response.output_audio_transcript.done").put("response_id", id)
            .put("item_id", item.id).put("output_index", index).put("content_index", 0).put("transcript", item.text));
      } else {
        session.send(session.event("response.output_text.done").put("response_id", id).put("item_id", item.id)
            .put("output_index", index).put("content_index", 0).put("text", item.text));
      }
      session.send(session.event("response.content_part.done").put("response_id", id).put("item_id", item.id)
          .put("output_index", index).put("content_index", 0).put("part", item.content(session.legacy())));
      session.send(session.event("response.output_item.done").put("response_id", id).put("output_index", index)
          .put("item", item.toJson(session.legacy())));
    }
    session.send(session.event("response.done").put("response", toJson(status, details)));
    session.responseDone(this);
    Future.join(stops).onComplete(v -> {
      double bargeInMs = speechAt > 0 ? (System.nanoTime() - speechAt) / 1e6 : -1;
      session.record(new LatencyLedger.Turn("realtime", session.id(), id, transcriptMs, since(firstToken),
          since(firstAudio), bargeInMs));
    });
  }

  private double since(long at) {
    return at < 0 ? -1 : (at - turnStart) / 1e6;
  }

  private JsonObject toJson(String status, JsonObject details) {
    JsonArray output = new JsonArray();
    outputs.forEach(o -> output.add(o.toJson(session.legacy())));
    JsonArray modalities = new JsonArray().add(config.audioOut ? "audio" : "text");
    return new JsonObject().put("id", id).put("object", "realtime.response").put("status", status)
        .put("status_details", details).put("output", output)
        .put(session.legacy() ? "modalities" : "output_modalities", modalities)
        .put("audio", new JsonObject().put("output", new JsonObject().put("format", new JsonObject()
            .put("type", "audio/pcm").put("rate", config.outputRate)).put("voice", config.voice)))
        .put("usage", usage);
  }
}
