package dev.nexus.synthesis;

import dev.nexus.text.Sentences;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.SynthesisRequest;
import dev.nexus.bus.StageFailure;
import dev.nexus.config.Settings;
import dev.nexus.config.VerticleSettings;
import dev.nexus.capability.CapabilityVerticle;
import dev.nexus.config.ConfigException;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import dev.nexus.synthesis.engine.Voice;
import java.nio.file.Path;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Speech synthesis: {@link Addresses#SYNTHESIS_SPEAK} takes a {@link SynthesisRequest}, replies at
 * once (or fails with 400 for a bad request), then streams audio chunks with word timings to the
 * request's stream address and ends with a {@link StreamEnd}. A cancel stops it within one chunk.
 */
public final class SynthesisVerticle extends CapabilityVerticle {
  /** The output rates a request may ask for. */
  public static final List<Integer> SAMPLE_RATES = List.of(16000, 22050, 24000, 48000);

  private SynthesisEngines engines;
  private int maxInputChars;
  private int maxChunkMs;
  private String defaultVoice;

  public SynthesisVerticle() {
    super(Addresses.SYNTHESIS, "flite");
  }

  @Override
  protected Future<?> startCapability(VerticleSettings settings) {
    Settings config = settings.config();
    maxInputChars = config.integer("max-input-chars", 4096, 1, 1_000_000);
    maxChunkMs = config.integer("max-chunk-ms", 40, 5, 1000);
    SynthesisEngines.Config engineConfig = SynthesisEngines.of(config, settings.engine(),
        Path.of(config().getString("models-dir", ".")));
    String configuredDefault = config.json().getString("default-voice");
    return infer(() -> SynthesisEngines.load(engineConfig)).map(loaded -> {
      engines = loaded;
      loaded.fallbacks().forEach(f -> fallBack(f.from(), f.to(), f.reason()));
      loaded.placements().forEach(this::placed);
      SpeechSynthesizer first = loaded.engines().get(0);
      defaultVoice = configuredDefault != null ? configuredDefault
          : first.name().equals("piper") ? first.voices().get(0).id() : "alloy";
      if (loaded.voice(defaultVoice).isEmpty()) {
        throw new ConfigException(config.source() + ": key 'default-voice' names no voice of "
            + loaded.engines().stream().map(SpeechSynthesizer::name).toList() + " (got \"" + defaultVoice + "\")");
      }
      vertx.eventBus().<SynthesisRequest>consumer(Addresses.SYNTHESIS_SPEAK, this::speak);
      vertx.eventBus().<Object>consumer(Addresses.SYNTHESIS_VOICES, this::voices);
      return loaded;
    });
  }

  @Override
  protected Future<?> stopCapability() {
    return engines == null ? Future.succeededFuture() : release(() -> {
      engines.close();
      return null;
    });
  }

  @Override
  protected JsonObject describe() {
    JsonObject json = super.describe();
    if (engines != null) {
      SpeechSynthesizer live = engines.engines().get(0);
      json.put("engine", live.name()).put("sample_rate", live.sampleRate())
          .put("engines", new JsonArray(engines.engines().stream().map(SpeechSynthesizer::name).toList()))
          .put("voices", engines.voices().size()).put("default_voice", defaultVoice);
    }
    return json;
  }

  /**
   * The voice list; or, asked with {@code {"voice": id}}, that one voice as the list shows it (any
   * addressable id, such as an espeak-ng variant {@code en-us+f3}), or a {@code NOT_FOUND} failure naming it.
   */
  private void voices(Message<Object> message) {
    if (message.body() instanceof JsonObject ask && ask.getValue("voice") instanceof String id) {
      engines.voice(id).ifPresentOrElse(v -> message.reply(SynthesisEngines.json(v)),
          () -> StageFailure.NOT_FOUND.fail(message, "unknown voice '" + id + "'; GET /v1/voices lists them"));
      return;
    }
    JsonArray data = new JsonArray();
    engines.voices().forEach(v -> data.add(SynthesisEngines.json(v)));
    message.reply(new JsonObject().put("object", "list").put("default", defaultVoice).put("data", data));
  }

  private void speak(Message<SynthesisRequest> message) {
    SynthesisRequest request = message.body();
    String text = request.text() == null ? "" : request.text();
    String voiceId = request.voice() == null ? defaultVoice : request.voice();
    Optional<Voice> voice = engines.voice(voiceId);
    String problem = text.isBlank() ? "input must not be empty"
        : text.length() > maxInputChars ? "input is " + text.length() + " characters; the limit is " + maxInputChars
        : voice.isEmpty() ? "unknown voice '" + voiceId + "'; GET /v1/voices lists them"
        : !SAMPLE_RATES.contains(request.sampleRate()) ? "sample rate must be one of " + SAMPLE_RATES
        : !(request.speed() >= 0.25 && request.speed() <= 4.0) ? "speed must be from 0.25 to 4.0"
        : !(request.pitch() >= 0.25 && request.pitch() <= 4.0) ? "pitch must be from 0.25 to 4.0"
        : !(request.volume() >= 0.0 && request.volume() <= 4.0) ? "volume must be from 0 to 4.0"
        : null;
    if (problem != null) {
      StageFailure.INVALID_REQUEST.fail(message, problem);
      return;
    }
    int chunkMs = request.chunkMs() <= 0 ? maxChunkMs : Math.min(request.chunkMs(), maxChunkMs);
    String address = request.context().streamAddress();
    String requestId = request.context().requestId();
    CancelToken token = watch(request.context());
    message.reply(new JsonObject().put("voice", voice.get().id()).put("sample_rate", request.sampleRate()));
    SynthesisPipeline pipeline = engines.pipeline(voice.get());
    infer(() -> pipeline.run(requestId, text, voice.get(), request.speed(), request.pitch(), request.volume(),
        request.sampleRate(), chunkMs, chunk -> token.emitIfActive(() -> vertx.eventBus().send(address, chunk))))
        .onComplete(done -> {
          StreamEnd end = done.failed() ? StreamEnd.failed(requestId, capability(), done.cause().getMessage())
              : done.result().completed() ? StreamEnd.done(requestId, capability())
              : StreamEnd.cancelled(requestId, capability());
          if (done.failed()) {
            log.warn("synthesis of request {} failed", requestId, done.cause());
          }
          vertx.eventBus().send(address, end);
          token.close();
        });
  }
}
