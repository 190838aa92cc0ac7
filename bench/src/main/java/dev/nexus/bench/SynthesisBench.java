package dev.nexus.bench;

import dev.nexus.synthesis.SynthesisPipeline;
import dev.nexus.synthesis.engine.Voice;
import dev.nexus.text.Sentences;
import dev.nexus.synthesis.espeak.EspeakSynthesizer;
import java.io.IOException;
import java.io.InputStream;
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
 * Speech synthesis with the espeak engine: time to the first 40 ms chunk, and time to synthesize
 * the whole text (divide by the audio length printed at setup for the real-time factor). The peer
 * is the {@code espeak-ng --stdout} command on the same text, measured in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SynthesisBench {
  static final String TEN_WORDS = "The hosts of the show welcome you to today's episode.";
  static final String HUNDRED_WORDS = "Podcasts have become one of the most popular ways to learn about "
      + "the world. A good episode feels like a conversation between friends who happen to know a lot "
      + "about a topic. Live podcasts go one step further: the listener can interrupt at any moment, ask "
      + "a question, and hear the hosts answer it before they carry on. To make that possible, speech "
      + "must start quickly, stop instantly, and resume exactly where the listener stopped hearing it. "
      + "That is why every word is timed, every chunk is short, and every stage can be cancelled at once "
      + "when the listener speaks up.";

  @Param({"10", "100"})
  public int words;

  private SynthesisPipeline pipeline;
  private Voice voice;
  private String text;

  @Setup
  public void setup() {
    EspeakSynthesizer engine = new EspeakSynthesizer(20);
    pipeline = new SynthesisPipeline(engine, new Sentences(200));
    voice = engine.voice("alloy").orElseThrow();
    text = words == 10 ? TEN_WORDS : HUNDRED_WORDS;
    long audioMs = pipeline.run("bench", text, voice, 1.0, 1.0, 24000, 40, c -> true).audioMs();
    System.out.printf("%n[setup] %d-word text: %d ms of audio at 24 kHz%n", words, audioMs);
  }

  /** Time until the first chunk (at most 40 ms of 24 kHz audio) is ready to send. */
  @Benchmark
  public int firstChunk() {
    return pipeline.run("bench", text, voice, 1.0, 1.0, 24000, 40, c -> false).chunks();
  }

  /** The whole text as 40 ms chunks of 24 kHz PCM16. */
  @Benchmark
  public long wholeText() {
    return pipeline.run("bench", text, voice, 1.0, 1.0, 24000, 40, c -> true).audioMs();
  }

  /** The peer: the espeak-ng command writing the whole WAV (22.05 kHz) to stdout. */
  @Benchmark
  public long espeakNgCommand() throws IOException, InterruptedException {
    Process p = new ProcessBuilder("espeak-ng", "--stdout", text).start();
    long bytes = 0;
    try (InputStream in = p.getInputStream()) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        bytes += n;
      }
    }
    p.waitFor();
    return bytes;
  }
}
