package dev.nexus.bench;

import dev.nexus.audio.AudioDecoder;
import dev.nexus.capability.DevicePolicy;
import dev.nexus.capability.OnnxSessions;
import dev.nexus.speech.engine.SpeechRecognizer;
import dev.nexus.speech.pocketsphinx.PocketSphinxRecognizer;
import dev.nexus.speech.whisper.WhisperRecognizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whisper's real-time factor at real size, beside PocketSphinx's, in one run on one machine (its load average printed
 * with every figure). The Whisper models are random-weight ones with the real dimensions of whisper-tiny and
 * whisper-base (scripts/make_whisper_shaped.py, into target/): the engine's speed does not depend on the weights'
 * values, and their end of text is suppressed, so every decode runs exactly the number of tokens asked for.
 *
 * <p>Two measures, each repeated and the median kept:
 * <ul>
 *   <li>a 30 s window: log-mel features, the encoder, and {@value #TOKENS_PER_WINDOW} greedy tokens with timestamps
 *       (about 30 s of speech at 150 words a minute), as {@code WhisperRecognizer.transcribe} runs one window;</li>
 *   <li>a streaming utterance of {@code utterance} seconds with a partial every {@code partial} seconds (Nexus's
 *       whisper default, 1.5 s): {@code WhisperSession} re-transcribes the utterance so far for each partial and again
 *       for the final, each a whole 30 s encoder window plus tokens in proportion to the audio
 *       ({@value #TOKENS_PER_WINDOW} per 30 s).</li>
 * </ul>
 * PocketSphinx runs the same two shapes on Debian's 7.1 s LibriVox recording: the whole recording, and the recording
 * streamed in 20 ms chunks with a partial every 300 ms (its default), then the final.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.nexus.bench.WhisperScale DIR...} (system properties:
 * {@code threads} (2), {@code repeats} (3), {@code utterance} (6), {@code partial} (1.5)).
 */
public final class WhisperScale {
  static final int TOKENS_PER_WINDOW = 96;
  /** Debian pocketsphinx-testdata's LibriVox recording, as {@code SpeechBench} uses it. */
  static final Path RECORDING = Path.of(
      "/usr/share/pocketsphinx/test/data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav");

  private WhisperScale() {
  }

  public static void main(String[] args) throws Exception {
    int threads = Integer.getInteger("threads", 2);
    int repeats = Integer.getInteger("repeats", 3);
    double utterance = Double.parseDouble(System.getProperty("utterance", "6"));
    double partial = Double.parseDouble(System.getProperty("partial", "1.5"));
    System.out.printf(Locale.ROOT, "cores %d, ONNX Runtime threads %d, repeats %d, load average at start %s%n",
        Runtime.getRuntime().availableProcessors(), threads, repeats, load());
    System.out.println("| engine | measure | audio | median time | real-time factor | load average (1 min) before → after |");
    System.out.println("|---|---|---|---|---|---|");
    for (String dir : args) {
      whisper(Path.of(dir), threads, repeats, utterance, partial);
    }
    pocketSphinx(repeats);
  }

  static void whisper(Path dir, int threads, int repeats, double utterance, double partial) throws Exception {
    try (WhisperRecognizer whisper = new WhisperRecognizer(dir, BenchModels.resolve("whisper"),
        OnnxSessions.cpuOptions(DevicePolicy.cpu(threads)))) {
      float[] audio = signal(30);
      String name = dir.getFileName().toString();
      transcribeWindow(whisper, audio, TOKENS_PER_WINDOW); // warm-up
      String before = load();
      double window = median(repeats, () -> transcribeWindow(whisper, audio, TOKENS_PER_WINDOW));
      row(name, "30 s window, " + TOKENS_PER_WINDOW + " tokens", 30, window, before);
      before = load();
      double encoder = median(repeats, () -> {
        long start = System.nanoTime();
        whisper.encode(whisper.features(audio));
        return (System.nanoTime() - start) / 1e9;
      });
      row(name, String.format(Locale.ROOT, "of which features + encoder (so %.0f ms a token)",
          (window - encoder) * 1000 / TOKENS_PER_WINDOW), 30, encoder, before);
      before = load();
      double[] last = new double[1];
      double stream = median(repeats, () -> {
        long start = System.nanoTime();
        for (double at = partial; at < utterance - 1e-9; at += partial) {
          transcribeWindow(whisper, Arrays.copyOf(audio, (int) (at * 16000)), tokens(at));
        }
        long finalStart = System.nanoTime();
        transcribeWindow(whisper, Arrays.copyOf(audio, (int) (utterance * 16000)), tokens(utterance));
        last[0] = (System.nanoTime() - finalStart) / 1e9;
        return (System.nanoTime() - start) / 1e9;
      });
      row(name, String.format(Locale.ROOT, "%.0f s utterance, partial every %.1f s (final alone: %.2f s)", utterance,
          partial, last[0]), utterance, stream, before);
    }
  }

  static int tokens(double seconds) {
    return Math.max(1, (int) Math.ceil(seconds * TOKENS_PER_WINDOW / 30.0));
  }

  /** One window as transcribe runs it: features, encoder, greedy tokens with timestamps; seconds taken. */
  static double transcribeWindow(WhisperRecognizer whisper, float[] audio, int tokens) throws Exception {
    long start = System.nanoTime();
    float[][][] states = whisper.encode(whisper.features(audio));
    int decoded = whisper.decode(states, whisper.prompt("en", true), tokens, true).tokens().length;
    if (decoded != tokens) {
      throw new IllegalStateException("decoded " + decoded + " tokens, not " + tokens
          + ": is the end of text suppressed (scripts/make_whisper_shaped.py)?");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  static void pocketSphinx(int repeats) throws Exception {
    float[] audio = AudioDecoder.decode(Files.readAllBytes(RECORDING), 16000, 16000);
    double seconds = audio.length / 16000.0;
    try (PocketSphinxRecognizer recognizer = new PocketSphinxRecognizer(PocketSphinxRecognizer.DEBIAN_MODEL, 2)) {
      recognizer.transcribe(audio, "en");
      String before = load();
      double whole = median(repeats, () -> {
        long start = System.nanoTime();
        recognizer.transcribe(audio, "en");
        return (System.nanoTime() - start) / 1e9;
      });
      row("pocketsphinx", String.format(Locale.ROOT, "%.1f s recording, whole", seconds), seconds, whole, before);
      before = load();
      double stream = median(repeats, () -> {
        long start = System.nanoTime();
        try (SpeechRecognizer.Session session = recognizer.start("en")) {
          for (int at = 0; at < audio.length; at += 320) {
            session.accept(Arrays.copyOfRange(audio, at, Math.min(audio.length, at + 320)));
            if ((at / 320) % 15 == 14) {
              session.partial();
            }
          }
          session.finish();
        }
        return (System.nanoTime() - start) / 1e9;
      });
      row("pocketsphinx", String.format(Locale.ROOT, "%.1f s streamed in 20 ms chunks, partial every 300 ms",
          seconds), seconds, stream, before);
    }
  }

  interface Run {
    double seconds() throws Exception;
  }

  static double median(int repeats, Run run) throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      times.add(run.seconds());
    }
    times.sort(Double::compare);
    return times.get(times.size() / 2);
  }

  static void row(String engine, String measure, double audioSeconds, double seconds, String loadBefore)
      throws Exception {
    System.out.printf(Locale.ROOT, "| %s | %s | %.1f s | %.2f s | %.2f | %s → %s |%n", engine, measure, audioSeconds,
        seconds, seconds / audioSeconds, loadBefore, load());
  }

  /** The 1-minute load average (/proc/loadavg). */
  static String load() throws Exception {
    return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
  }

  /** Speech-like audio (a voiced tone with noise): the cost does not depend on what is said. */
  static float[] signal(int seconds) {
    float[] audio = new float[seconds * 16000];
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (float) (0.2 * Math.sin(i * 0.03) + 0.05 * random.nextGaussian());
    }
    return audio;
  }
}
