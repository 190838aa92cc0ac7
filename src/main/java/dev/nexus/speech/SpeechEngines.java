package dev.nexus.speech;

import dev.nexus.capability.DevicePolicy;
import dev.nexus.capability.EngineFactory;
import dev.nexus.capability.OnnxSessions;
import dev.nexus.capability.Placement;
import dev.nexus.capability.WorkerPool;
import dev.nexus.config.Settings;
import dev.nexus.speech.engine.BatchPolicy;
import dev.nexus.speech.engine.SpeechRecognizer;
import dev.nexus.speech.pocketsphinx.PocketSphinxRecognizer;
import dev.nexus.speech.whisper.WhisperRecognizer;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The speech engines by name: {@code pocketsphinx} (built in) and {@code whisper}, which falls back to
 * PocketSphinx when its model cannot be loaded. Every engine key is read (and validated) when the factory is
 * made, whichever engine is configured.
 */
final class SpeechEngines implements EngineFactory<SpeechRecognizer> {
  private final WorkerPool workers;
  private final Path whisperModel;
  private final Path whisperAssets;
  private final DevicePolicy whisperDevice;
  private final BatchPolicy whisperBatching;
  private final Consumer<Placement> placed;
  private final int whisperPartialIntervalMs;
  private final Path pocketSphinxModel;
  private final int pocketSphinxDecoders;

  /**
   * @param engines the configuration's {@code engines} section
   * @param modelsDir where relative model paths are resolved (NEXUS_MODELS)
   * @param workers the capability's worker pool, where engines load
   * @param poolSize the pool's size: the default thread count of an ONNX session
   * @param placed told where an ONNX engine runs once it is loaded (for {@code /health})
   */
  SpeechEngines(Settings engines, Path modelsDir, WorkerPool workers, int poolSize, Consumer<Placement> placed) {
    this.workers = workers;
    this.placed = placed;
    Settings whisper = engines.section("whisper");
    whisperModel = modelsDir.resolve(whisper.string("model", "whisper-tiny"));
    whisperAssets = modelsDir.resolve(whisper.string("assets", "whisper"));
    whisperDevice = DevicePolicy.read(whisper, poolSize);
    whisperBatching = BatchPolicy.read(whisper, 20);
    // whisper re-decodes the whole utterance for a partial: it gets its own, longer interval
    whisperPartialIntervalMs = whisper.integer("partial-interval-ms", 1500, 20, 60_000);
    Settings pocketSphinx = engines.section("pocketsphinx");
    pocketSphinxModel = Path.of(pocketSphinx.string("model", PocketSphinxRecognizer.DEBIAN_MODEL.toString()));
    pocketSphinxDecoders = pocketSphinx.integer("decoders", 4, 1, 256);
  }

  @Override
  public List<String> names() {
    return List.of("pocketsphinx", "whisper");
  }

  @Override
  public Future<SpeechRecognizer> start(String name) {
    return switch (name) {
      case "whisper" -> workers.run(() -> OnnxSessions.place("whisper", whisperDevice,
          options -> new WhisperRecognizer(whisperModel, whisperAssets, options, whisperBatching))).map(loaded -> {
            placed.accept(loaded.placement());
            return loaded.engine();
          });
      case "pocketsphinx" -> workers.run(() -> new PocketSphinxRecognizer(pocketSphinxModel, pocketSphinxDecoders));
      default -> throw new IllegalArgumentException("no speech engine '" + name + "'");
    };
  }

  @Override
  public String fallback(String name) {
    return "pocketsphinx";
  }

  /** How often a live stream's partial transcript is refreshed with this engine. */
  int partialIntervalMs(SpeechRecognizer engine, int defaultIntervalMs) {
    return engine instanceof WhisperRecognizer ? whisperPartialIntervalMs : defaultIntervalMs;
  }
}
