package dev.nexus.bench;

import dev.nexus.speech.whisper.WhisperRecognizer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whisper engine's own cost with the tiny random-weight model of the tests (8-wide, 2+2 layers):
 * features plus encoder for one 30 s window, and 32 greedy decoding steps with the key/value cache
 * (each step also scans all 51,865 logits). A real Whisper model's network is far larger: this is the
 * engine's floor, not a model's speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class WhisperBench {
  /** The split decoders, or the same weights with one merged decoder (use_cache_branch). */
  @Param({"whisper-tiny-random", "whisper-tiny-random-merged"})
  public String layout;
  private WhisperRecognizer whisper;
  private float[] audio;
  private float[][][] states;

  @Setup
  public void setup() throws Exception {
    whisper = new WhisperRecognizer(Path.of(System.getProperty("nexus.whisper.dir", "src/test/resources/models/" + layout)),
        BenchModels.resolve("whisper"));
    audio = new float[480_000];
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (float) (0.2 * Math.sin(i * 0.03) + 0.05 * random.nextGaussian());
    }
    states = whisper.encode(whisper.features(audio));
  }

  @Benchmark
  public float[][][] featuresAndEncoder30s() throws Exception {
    return whisper.encode(whisper.features(audio));
  }

  @Benchmark
  public int decode32Tokens() throws Exception {
    return whisper.decode(states, whisper.prompt("en"), 32).tokens().length;
  }
}
