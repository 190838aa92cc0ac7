package dev.nexus.gateway;

import dev.nexus.gateway.base.ApiError;
import dev.nexus.gateway.base.BusErrors;
import dev.nexus.audio.Wav;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageException;
import dev.nexus.bus.SynthesisRequest;
import dev.nexus.bus.WordTiming;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI-compatible speech routes: {@code POST /v1/audio/speech} streams audio as it is
 * synthesized (chunked WAV or raw PCM16, or server-sent {@code speech.audio.delta} events that also
 * carry word timings, closed by {@code speech.audio.done} with its {@code usage}), and {@code GET /v1/voices} lists
 * the voices.
 */
record SpeechRoutes(Vertx vertx) {
  static final List<String> FORMATS = List.of("wav", "pcm");
  static final List<String> UNSUPPORTED_FORMATS = List.of("mp3", "opus", "aac", "flac");

  void mount(Router router) {
    router.post("/v1/audio/speech").handler(this::speech);
    router.get("/v1/voices").handler(this::voices);
    router.get("/v1/audio/voices").handler(this::voices);
  }

  private void voices(RoutingContext ctx) {
    vertx.eventBus().<JsonObject>request(Addresses.SYNTHESIS_VOICES, "list")
        .onSuccess(reply -> ctx.response().putHeader("content-type", "application/json")
            .end(reply.body().encode()))
        .onFailure(err -> BusErrors.reply(ctx, err, "synthesis"));
  }

  private void speech(RoutingContext ctx) {
    SynthesisRequest request;
    String format;
    boolean sse;
    try {
      JsonBody body = JsonBody.of(ctx);
      body.string("model", null, false);
      String input = body.string("input", null, true);
      String voice = body.string("voice", null, false);
      String requested = body.string("response_format", "wav", false);
      if (UNSUPPORTED_FORMATS.contains(requested)) {
        throw new JsonBody.BadField("response_format", "response_format '" + requested
            + "' is not supported by this server; use one of " + FORMATS);
      }
      format = body.choice("response_format", "wav", FORMATS);
      sse = body.choice("stream_format", "audio", List.of("audio", "sse")).equals("sse");
      double speed = body.number("speed", 1.0);
      double pitch = body.number("pitch", 1.0);
      double rate = body.number("sample_rate", 24000);
      double volume = body.number("volume", 1.0);
      request = new SynthesisRequest(RequestContext.newRequest("http"), input, voice, (int) rate, speed, pitch, volume, 0);
    } catch (JsonBody.BadField e) {
      ApiError.badRequest(ctx, e.param, e.getMessage());
      return;
    }
    new SpeechStream(ctx, request, format, sse).start();
  }

  /** One streaming response: bus chunks in, HTTP chunks out, cancel when the client leaves. */
  private final class SpeechStream extends StageExchange<AudioChunk> {
    final SynthesisRequest request;
    final String format;
    final boolean sse;
    boolean started;
    long samplesSent;

    SpeechStream(RoutingContext ctx, SynthesisRequest request, String format, boolean sse) {
      super(ctx);
      this.request = request;
      this.format = format;
      this.sse = sse;
    }

    void start() {
      open(vertx, "synthesis", Addresses.SYNTHESIS_SPEAK, request.context(), AudioChunk.class).send(request);
    }

    void begin() {
      if (started) {
        return;
      }
      started = true;
      response.setChunked(true).putHeader("content-type",
          sse ? "text/event-stream" : format.equals("wav") ? "audio/wav" : "audio/pcm");
      response.putHeader("x-sample-rate", String.valueOf(request.sampleRate()));
      if (sse) {
        response.putHeader("cache-control", "no-cache");
      } else if (format.equals("wav")) {
        response.write(Buffer.buffer(Wav.header(request.sampleRate(), 1, Wav.UNKNOWN_SIZE)));
      }
    }

    @Override
    void onItem(AudioChunk chunk) {
      if (finished) {
        return;
      }
      begin();
      samplesSent += chunk.pcm().length / 2;
      if (!sse) {
        response.write(Buffer.buffer(chunk.pcm()));
        return;
      }
      JsonArray words = new JsonArray();
      for (WordTiming w : chunk.words()) {
        words.add(new JsonObject().put("word", w.word()).put("start_ms", w.startMs()).put("text_offset", w.textOffset()));
      }
      JsonObject event = new JsonObject().put("type", "speech.audio.delta")
          .put("audio", Base64.getEncoder().encodeToString(chunk.pcm()))
          .put("sample_rate", chunk.sampleRate()).put("start_ms", chunk.startMs()).put("words", words);
      response.write("data: " + event.encode() + "\n\n");
    }

    /**
     * OpenAI's token usage, as Nexus can tell it: the input counted as words and punctuation marks (the rough count
     * the chat usage of engines without a tokenizer uses); a voice makes audio, not tokens, so its length is given.
     */
    JsonObject usage() {
      String text = request.text().strip();
      int input = text.isEmpty() ? 0 : text.split("\\s+|(?=[.,!?;:])").length;
      return new JsonObject().put("input_tokens", input).put("output_tokens", 0).put("total_tokens", input)
          .put("output_audio_seconds", samplesSent / (double) request.sampleRate());
    }

    @Override
    void onEnd() {
      finished = true;
      begin();
      if (sse) {
        response.write("data: " + new JsonObject().put("type", "speech.audio.done").put("usage", usage()).encode() + "\n\n");
      }
      response.end();
    }

    @Override
    void onFailure(StageException failure) {
      finished = true;
      if (started) {
        response.reset(); // the client sees a broken stream rather than a short "complete" one
      } else {
        BusErrors.reply(ctx, failure, "synthesis");
      }
    }
  }
}
