package dev.nexus.synthesis;

import dev.nexus.capability.DevicePolicy;
import dev.nexus.capability.OnnxSessions;
import dev.nexus.capability.Placement;
import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import dev.nexus.synthesis.engine.Voice;
import dev.nexus.synthesis.espeak.EspeakSynthesizer;
import dev.nexus.synthesis.flite.FliteSynthesizer;
import dev.nexus.synthesis.piper.PiperVoices;
import dev.nexus.text.Sentences;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The synthesis engines a configuration names, in the order voices are looked up: the configured
 * engine first, then Flite, then espeak-ng. espeak-ng is always there (every language, and Piper's
 * phonemizer); Flite joins whenever its library is installed, so its voice ids stay addressable under
 * any engine; Piper only when configured. A configured engine that cannot start falls back to the next
 * one (piper to flite, flite to espeak), and the fallback is reported. A voice id resolves to the first
 * engine that has it, so with {@code engine: flite} the OpenAI voice names speak with Flite, and every
 * other language and espeak-ng voice id with espeak-ng.
 */
public final class SynthesisEngines implements AutoCloseable {
  /** The engines {@code engine} may name. */
  public static final List<String> NAMES = List.of("flite", "espeak", "piper");

  /** A configured engine that could not start, and the one that serves instead. */
  public record Fallback(String from, String to, String reason) {
  }

  /** What the configuration asks for; {@link #of} checks it, {@link #load} builds it. */
  public record Config(String engine, int espeakBufferMs, Path piperDir, List<String> piperVoices,
      DevicePolicy piperDevice,
      int clauseChars, Map<String, Double> gains) {
  }

  private final List<SpeechSynthesizer> engines;
  private final Map<String, SynthesisPipeline> pipelines = new LinkedHashMap<>();
  private final List<Fallback> fallbacks;
  private final List<Placement> placements;

  private SynthesisEngines(List<SpeechSynthesizer> engines, List<Fallback> fallbacks, List<Placement> placements,
      Config config) {
    this.engines = List.copyOf(engines);
    this.fallbacks = List.copyOf(fallbacks);
    this.placements = List.copyOf(placements);
    for (SpeechSynthesizer engine : engines) {
      pipelines.put(engine.name(), new SynthesisPipeline(engine, new Sentences(config.clauseChars()),
          config.gains().getOrDefault(engine.name(), 1.0)));
    }
  }

  /** Reads and checks the synthesis configuration; errors name the file and key. */
  public static Config of(Settings config, String engine, Path modelsDir) {
    if (!NAMES.contains(engine)) {
      throw new ConfigException(config.source() + ": key 'engine' must be one of " + NAMES + " (got \""
          + engine + "\")");
    }
    Settings engines = config.section("engines");
    Settings piper = engines.section("piper");
    Map<String, Double> gains = new LinkedHashMap<>();
    for (String name : NAMES) {
      gains.put(name, engines.section(name).decimal("gain", 1.0, 0.0, 16.0));
    }
    return new Config(engine, engines.section("espeak").integer("buffer-ms", 20, 5, 500),
        modelsDir.resolve(piper.string("dir", "piper")), piper.strings("voice", List.of("en_US-lessac-medium")),
        DevicePolicy.read(piper, config.integer("worker-pool-size", 2, 1, 512)),
        config.integer("max-clause-chars", 200, 20, 10_000), Map.copyOf(gains));
  }

  /** Starts the engines (blocking: libraries and models load); espeak-ng failing to start is fatal. */
  public static SynthesisEngines load(Config config) {
    EspeakSynthesizer espeak = new EspeakSynthesizer(config.espeakBufferMs());
    List<Fallback> fallbacks = new ArrayList<>();
    FliteSynthesizer flite = null;
    String fliteProblem = null;
    try {
      flite = new FliteSynthesizer();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      fliteProblem = e.getMessage();
    }
    List<SpeechSynthesizer> loaded = new ArrayList<>();
    List<Placement> placements = new ArrayList<>();
    if (config.engine().equals("piper")) {
      try {
        OnnxSessions.Placed<SpeechSynthesizer> piper = OnnxSessions.place("piper", config.piperDevice(),
            options -> PiperVoices.load(config.piperDir(), config.piperVoices(), espeak, options));
        loaded.add(piper.engine());
        placements.add(piper.placement());
      } catch (Exception e) {
        fallbacks.add(new Fallback("piper", flite != null ? "flite" : "espeak", e.getMessage()));
      }
    }
    if (config.engine().equals("flite") && flite == null) {
      fallbacks.add(new Fallback("flite", "espeak", fliteProblem));
    }
    if (config.engine().equals("espeak")) {
      loaded.add(espeak);
    }
    if (flite != null) {
      loaded.add(flite);
    }
    if (!loaded.contains(espeak)) {
      loaded.add(espeak);
    }
    return new SynthesisEngines(loaded, fallbacks, placements, config);
  }

  /** The engines, the one that serves by default first. */
  public List<SpeechSynthesizer> engines() {
    return engines;
  }

  /** Where the ONNX engines run (Piper), for {@code /health}. */
  public List<Placement> placements() {
    return placements;
  }

  /** Configured engines that could not start. */
  public List<Fallback> fallbacks() {
    return fallbacks;
  }

  /** The voice an id names, from the first engine that has it. */
  public Optional<Voice> voice(String id) {
    for (SpeechSynthesizer engine : engines) {
      Optional<Voice> voice = engine.voice(id);
      if (voice.isPresent()) {
        return voice;
      }
    }
    return Optional.empty();
  }

  /** Every addressable voice once: an id two engines offer belongs to the first. */
  public List<Voice> voices() {
    Map<String, Voice> byId = new LinkedHashMap<>();
    for (SpeechSynthesizer engine : engines) {
      for (Voice v : engine.voices()) {
        byId.putIfAbsent(v.id().toLowerCase(Locale.ROOT), v);
      }
    }
    return List.copyOf(byId.values());
  }

  /** The pipeline of the engine a voice belongs to. */
  public SynthesisPipeline pipeline(Voice voice) {
    return pipelines.get(voice.engine());
  }

  /** A voice as the voice list shows it: id, name, language, gender (null when unknown), engine, label. */
  public static JsonObject json(Voice v) {
    String gender = "female".equals(v.gender()) || "male".equals(v.gender()) ? v.gender() : null;
    String label = v.name().replace('_', ' ') + " · " + v.language() + (gender == null ? "" : ", " + gender)
        + " · " + v.engine();
    return new JsonObject().put("id", v.id()).put("name", v.name()).put("language", v.language())
        .put("gender", gender).put("engine", v.engine()).put("label", label);
  }

  @Override
  public void close() {
    engines.forEach(SpeechSynthesizer::close);
  }
}
