package dev.nexus.bench;

import dev.nexus.audio.AudioDecoder;
import dev.nexus.speech.engine.SpeechRecognizer;
import dev.nexus.speech.pocketsphinx.PocketSphinxRecognizer;
import dev.nexus.speech.vad.SileroVad;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speech decoding: Silero VAD on one 32 ms frame, and PocketSphinx on a 7.1 s LibriVox recording
 * (Debian's pocketsphinx-testdata) in the engine, against the {@code pocketsphinx_continuous}
 * command on the same file in the same run (its process start and model load included, which the
 * engine pays once at server start).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class SpeechBench {
  static final Path RECORDING = Path.of("/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav");

  private SileroVad vad;
  private SileroVad.Stream vadStream;
  private float[] frame;
  private PocketSphinxRecognizer recognizer;
  private float[] audio;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    vad = new SileroVad(BenchModels.resolve("silero_vad.onnx"));
    vadStream = vad.stream();
    audio = AudioDecoder.decode(Files.readAllBytes(RECORDING), 16000, 16000);
    frame = Arrays.copyOfRange(audio, 16000, 16000 + SileroVad.FRAME);
    recognizer = new PocketSphinxRecognizer(PocketSphinxRecognizer.DEBIAN_MODEL, 2);
    System.out.printf("%n[setup] recording: %.2f s%n", audio.length / 16000.0);
  }

  @TearDown(Level.Trial)
  public void close() {
    recognizer.close();
    vad.close();
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public float vadFrame() {
    return vadStream.probability(frame);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public String pocketsphinxEngine() {
    SpeechRecognizer.Transcript t = recognizer.transcribe(audio, "en");
    return t.text();
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public long pocketsphinxCommand() throws Exception {
    Process p = new ProcessBuilder("pocketsphinx_continuous", "-infile", RECORDING.toString(), "-logfn", "/dev/null")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    long bytes;
    try (InputStream in = p.getInputStream()) {
      bytes = in.readAllBytes().length;
    }
    p.waitFor();
    return bytes;
  }
}
