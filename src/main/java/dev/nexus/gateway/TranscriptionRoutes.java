package dev.nexus.gateway;

import dev.nexus.gateway.base.ApiError;
import dev.nexus.gateway.base.BusErrors;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.Transcription;
import dev.nexus.bus.TranscriptionRequest;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI-compatible {@code POST /v1/audio/transcriptions}: a multipart upload ({@code file}, {@code model},
 * {@code language}, {@code response_format} json, text or verbose_json with segments and words) of a WAV,
 * FLAC or raw PCM16 recording (raw: {@code sample_rate}, a Nexus extension, default 16000). With
 * {@code stream=true} the transcript comes as server-sent {@code transcript.text.delta} events, one a word, that
 * add up exactly to the text of the closing {@code transcript.text.done}. Every answer but plain text reports the
 * audio's duration in {@code usage} ({@code {"type":"duration","seconds":...}}).
 */
final class TranscriptionRoutes {
  static final long MAX_FILE_BYTES = 25L * 1024 * 1024;
  static final List<String> FORMATS = List.of("json", "text", "verbose_json");
  static final long SEGMENT_GAP_MS = 600;
  /** A word with the whitespace before it: one streamed delta. */
  private static final Pattern WORD = Pattern.compile("\\s*\\S+");

  private final Vertx vertx;

  TranscriptionRoutes(Vertx vertx) {
    this.vertx = vertx;
  }

  void mount(Router router) {
    router.post("/v1/audio/transcriptions").handler(this::transcribe);
  }

  private void transcribe(RoutingContext ctx) {
    FileUpload file = ctx.fileUploads().stream().filter(f -> f.name().equals("file")).findFirst().orElse(null);
    if (file == null) {
      ApiError.badRequest(ctx, "file", "Missing required parameter: 'file' (a multipart upload)");
      return;
    }
    String model = ctx.request().getFormAttribute("model");
    if (model == null || model.isBlank()) {
      ApiError.badRequest(ctx, "model", "Missing required parameter: 'model'");
      return;
    }
    String format = attribute(ctx, "response_format", "json");
    if (!FORMATS.contains(format)) {
      ApiError.badRequest(ctx, "response_format", "response_format '" + format + "' is not supported; use one of " + FORMATS);
      return;
    }
    if (file.size() > MAX_FILE_BYTES) {
      ApiError.badRequest(ctx, "file", "The file is " + file.size() + " bytes; the limit is 25 MB");
      return;
    }
    int rawRate;
    try {
      rawRate = Integer.parseInt(attribute(ctx, "sample_rate", "16000"));
    } catch (NumberFormatException e) {
      rawRate = -1;
    }
    if (rawRate < 8000 || rawRate > 48000) {
      ApiError.badRequest(ctx, "sample_rate", "sample_rate must be an integer from 8000 to 48000");
      return;
    }
    String stream = attribute(ctx, "stream", "false");
    if (!stream.equals("true") && !stream.equals("false")) {
      ApiError.badRequest(ctx, "stream", "stream must be true or false");
      return;
    }
    if (stream.equals("true") && format.equals("verbose_json")) {
      ApiError.badRequest(ctx, "response_format", "a streamed transcription has no verbose_json; use json or text");
      return;
    }
    String language = ctx.request().getFormAttribute("language");
    String name = file.fileName() == null ? "" : file.fileName().toLowerCase();
    String type = file.contentType() == null ? "" : file.contentType().toLowerCase();
    boolean raw = name.endsWith(".pcm") || name.endsWith(".raw") || type.startsWith("audio/pcm") || type.startsWith("audio/l16");
    int rate = raw ? rawRate : 0;
    vertx.fileSystem().readFile(file.uploadedFileName())
        .compose(bytes -> vertx.eventBus().<Transcription>request(Addresses.SPEECH_TRANSCRIBE,
            new TranscriptionRequest(RequestContext.newRequest("http"), bytes.getBytes(), rate, language),
            new DeliveryOptions().setSendTimeout(600_000)))
        .onSuccess(reply -> {
          if (stream.equals("true")) {
            stream(ctx, reply.body());
          } else {
            answer(ctx, format, reply.body());
          }
        })
        .onFailure(err -> BusErrors.reply(ctx, err, "speech"));
  }

  private static String attribute(RoutingContext ctx, String name, String fallback) {
    String value = ctx.request().getFormAttribute(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The transcript as server-sent events: a delta a word (with the whitespace before it), then the whole. */
  private static void stream(RoutingContext ctx, Transcription t) {
    ctx.response().setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
    for (String delta : deltas(t.text())) {
      ctx.response().write(sse(new JsonObject().put("type", "transcript.text.delta").put("delta", delta)));
    }
    ctx.response().end(sse(new JsonObject().put("type", "transcript.text.done").put("text", t.text())
        .put("usage", usage(t))));
  }

  private static String sse(JsonObject event) {
    return "data: " + event.encode() + "\n\n";
  }

  /** The text cut before each word but the first; the pieces joined are the text, exactly. */
  static List<String> deltas(String text) {
    List<String> out = new ArrayList<>();
    Matcher word = WORD.matcher(text);
    int end = 0;
    while (word.find()) {
      out.add(word.group());
      end = word.end();
    }
    if (end < text.length()) { // trailing whitespace, or a text of whitespace only
      if (out.isEmpty()) {
        out.add(text.substring(end));
      } else {
        out.set(out.size() - 1, out.get(out.size() - 1) + text.substring(end));
      }
    }
    return out;
  }

  private static JsonObject usage(Transcription t) {
    return new JsonObject().put("type", "duration").put("seconds", t.durationMs() / 1000.0);
  }

  private static void answer(RoutingContext ctx, String format, Transcription t) {
    if (format.equals("text")) {
      ctx.response().putHeader("content-type", "text/plain; charset=utf-8").end(t.text() + "\n");
      return;
    }
    JsonObject body = new JsonObject().put("text", t.text()).put("usage", usage(t));
    if (format.equals("verbose_json")) {
      JsonArray words = new JsonArray();
      for (Transcription.TimedWord w : t.words()) {
        words.add(new JsonObject().put("word", w.word()).put("start", w.startMs() / 1000.0).put("end", w.endMs() / 1000.0));
      }
      body = new JsonObject().put("task", "transcribe").put("language", t.language().startsWith("en") ? "english" : t.language())
          .put("duration", t.durationMs() / 1000.0).put("text", t.text())
          .put("segments", t.segments().isEmpty() ? segments(t.words()) : givenSegments(t.segments())).put("words", words)
          .put("usage", usage(t));
    }
    ctx.response().putHeader("content-type", "application/json").end(body.encode());
  }

  /** The engine's own segments (Whisper's timestamps), as they are. */
  static JsonArray givenSegments(List<Transcription.TimedWord> segments) {
    JsonArray out = new JsonArray();
    for (Transcription.TimedWord s : segments) {
      out.add(segment(out.size(), List.of(s)));
    }
    return out;
  }

  /** Words grouped into segments wherever a pause of at least 600 ms separates them. */
  static JsonArray segments(List<Transcription.TimedWord> words) {
    JsonArray out = new JsonArray();
    List<Transcription.TimedWord> current = new ArrayList<>();
    for (Transcription.TimedWord w : words) {
      if (!current.isEmpty() && w.startMs() - current.get(current.size() - 1).endMs() >= SEGMENT_GAP_MS) {
        out.add(segment(out.size(), current));
        current = new ArrayList<>();
      }
      current.add(w);
    }
    if (!current.isEmpty()) {
      out.add(segment(out.size(), current));
    }
    return out;
  }

  private static JsonObject segment(int id, List<Transcription.TimedWord> words) {
    return new JsonObject().put("id", id).put("start", words.get(0).startMs() / 1000.0)
        .put("end", words.get(words.size() - 1).endMs() / 1000.0)
        .put("text", String.join(" ", words.stream().map(Transcription.TimedWord::word).toList()));
  }
}
