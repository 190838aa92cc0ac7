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
import dev.nexus.capability.DevicePolicy;
import dev.nexus.capability.OnnxSessions;
import dev.nexus.config.ConfigException;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import dev.nexus.synthesis.engine.Voice;
import dev.nexus.synthesis.espeak.EspeakSynthesizer;
import dev.nexus.synthesis.piper.PiperVoices;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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

  private final List<SpeechSynthesizer> engines = new ArrayList<>();
  private final Map<String, SynthesisPipeline> pipelines = new HashMap<>();
  private int maxInputChars;
  private int maxChunkMs;
  private String defaultVoice;

  @Override
  protected String capability() {
    return Addresses.SYNTHESIS;
  }

  @Override
  protected String defaultEngine() {
    return "espeak";
  }

  @Override
  protected Future<?> startCapability(VerticleSettings settings) {
    Settings config = settings.config();
    maxInputChars = config.integer("max-input-chars", 4096, 1, 1_000_000);
    maxChunkMs = config.integer("max-chunk-ms", 40, 5, 1000);
    int clauseChars = config.integer("max-clause-chars", 200, 20, 10_000);
    String engineName = settings.engine();
    if (!List.of("espeak", "piper").contains(engineName)) {
      throw new ConfigException(config.source() + ": key 'engine' must be one of [espeak, piper] (got \""
          + engineName + "\")");
    }
    int bufferMs = config.section("engines").section("espeak").integer("buffer-ms", 20, 5, 500);
    Settings piper = config.section("engines").section("piper");
    List<String> piperVoices = piper.strings("voice", List.of("en_US-lessac-medium"));
    Path piperDir = Path.of(config().getString("models-dir", ".")).resolve(piper.string("dir", "piper"));
    DevicePolicy piperDevice = DevicePolicy.read(piper, settings.workerPoolSize());
    String configuredDefault = config.json().getString("default-voice");
    return infer(() -> {
      EspeakSynthesizer espeak = new EspeakSynthesizer(bufferMs);
      List<SpeechSynthesizer> loaded = new ArrayList<>();
      if (engineName.equals("piper")) {
        try {
          OnnxSessions.Placed<SpeechSynthesizer> voices = OnnxSessions.place("piper", piperDevice,
              options -> PiperVoices.load(piperDir, piperVoices, espeak, options));
          loaded.add(voices.engine());
          placed(voices.placement());
        } catch (Exception e) {
          fallBack("piper", "espeak", e.getMessage());
        }
      }
      loaded.add(espeak);
      return loaded;
    }).map(loaded -> {
      engines.addAll(loaded);
      for (SpeechSynthesizer engine : engines) {
        double gain = config.section("engines").section(engine.name()).decimal("gain", 1.0, 0.0, 16.0);
        pipelines.put(engine.name(), new SynthesisPipeline(engine, new Sentences(clauseChars), gain));
      }
      defaultVoice = configuredDefault != null ? configuredDefault
          : engines.get(0).name().equals("piper") ? engines.get(0).voices().get(0).id() : "alloy";
      if (voice(defaultVoice).isEmpty()) {
        throw new ConfigException(config.source() + ": key 'default-voice' names no voice of "
            + engines.stream().map(SpeechSynthesizer::name).toList() + " (got \"" + defaultVoice + "\")");
      }
      vertx.eventBus().<SynthesisRequest>consumer(Addresses.SYNTHESIS_SPEAK, this::speak);
      vertx.eventBus().consumer(Addresses.SYNTHESIS_VOICES, message -> message.reply(voicesJson()));
      return loaded;
    });
  }

  /** The voice a request names, from the first engine that has it. */
  private Optional<Voice> voice(String id) {
    for (SpeechSynthesizer engine : engines) {
      Optional<Voice> voice = engine.voice(id);
      if (voice.isPresent()) {
        return voice;
      }
    }
    return Optional.empty();
  }

  @Override
  protected Future<?> stopCapability() {
    return infer(() -> {
      engines.forEach(SpeechSynthesizer::close);
      return null;
    });
  }

  @Override
  protected JsonObject describe() {
    JsonObject json = super.describe();
    if (!engines.isEmpty()) {
      SpeechSynthesizer live = engines.get(0);
      json.put("engine", live.name()).put("sample_rate", live.sampleRate())
          .put("voices", engines.stream().mapToInt(e -> e.voices().size()).sum()).put("default_voice", defaultVoice);
    }
    return json;
  }

  private JsonObject voicesJson() {
    JsonArray data = new JsonArray();
    for (Voice v : engines.stream().flatMap(e -> e.voices().stream()).toList()) {
      data.add(new JsonObject().put("id", v.id()).put("name", v.name()).put("language", v.language())
          .put("gender", v.gender()).put("engine", v.engine()));
    }
    return new JsonObject().put("object", "list").put("default", defaultVoice).put("data", data);
  }

  private void speak(Message<SynthesisRequest> message) {
    SynthesisRequest request = message.body();
    String text = request.text() == null ? "" : request.text();
    String voiceId = request.voice() == null ? defaultVoice : request.voice();
    Optional<Voice> voice = voice(voiceId);
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
    SynthesisPipeline pipeline = pipelines.get(voice.get().engine());
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
