package dev.nexus.bench;

import dev.nexus.synthesis.SynthesisPipeline;
import dev.nexus.synthesis.engine.Voice;
import dev.nexus.text.Sentences;
import dev.nexus.synthesis.espeak.EspeakSynthesizer;
import dev.nexus.synthesis.piper.PiperSynthesizer;
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
 * The piper engine's own cost (phonemization with espeak-ng, id mapping, ONNX Runtime, resampling,
 * chunking) with the tiny random-weight voice of the tests: a real Piper voice's network is far
 * larger, so this is the floor of the engine, not a voice's speed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PiperBench {
  @Param({"10", "100"})
  public int words;

  private SynthesisPipeline pipeline;
  private Voice voice;
  private String text;

  @Setup
  public void setup() throws Exception {
    EspeakSynthesizer espeak = new EspeakSynthesizer(20);
    PiperSynthesizer piper = new PiperSynthesizer(Path.of(System.getProperty("nexus.piper.dir",
        "src/test/resources/models/piper")), "nexus-tiny-random", espeak, new ai.onnxruntime.OrtSession.SessionOptions());
    pipeline = new SynthesisPipeline(piper, new Sentences(200));
    voice = piper.voices().get(0);
    text = words == 10 ? SynthesisBench.TEN_WORDS : SynthesisBench.HUNDRED_WORDS;
  }

  @Benchmark
  public int firstChunk() {
    return pipeline.run("bench", text, voice, 1.0, 1.0, 24000, 40, c -> false).chunks();
  }

  @Benchmark
  public long wholeText() {
    return pipeline.run("bench", text, voice, 1.0, 1.0, 24000, 40, c -> true).audioMs();
  }
}
