package dev.nexus.bench;

import dev.nexus.capability.DevicePolicy;
import dev.nexus.capability.OnnxSessions;
import dev.nexus.speech.engine.BatchPolicy;
import dev.nexus.speech.engine.Batcher;
import dev.nexus.speech.whisper.WhisperRecognizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * How many live Whisper streams one shared model serves in real time, with batching off and on, on this machine.
 * {@code N} streams run at once, each on its own thread as the speech stage's worker pool runs them: each speaks
 * {@code rounds} utterances of {@code utterance} seconds, and each utterance costs what {@code WhisperSession} makes it
 * cost: a window for each partial (every {@code partial} seconds; 0: none) and one for the final, each a whole 30 s
 * encoder window and tokens in proportion to the audio ({@value WhisperScale#TOKENS_PER_WINDOW} per 30 s, exactly: the
 * shaped models' end of text is suppressed). Batching off: each window calls the model alone. On: the windows of
 * concurrent streams share the calls through a {@link Batcher} of up to N windows waiting up to {@code wait} ms, as
 * {@code engines.whisper.max-batch} configures it. A stream keeps up with real time when its utterances take no longer
 * than they last (real-time factor at most 1). The final windows' tokens of both modes are compared.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.nexus.bench.BatchScale DIR...} (system properties:
 * {@code streams} (1,2,4,8), {@code utterance} (6), {@code partial} (0), {@code rounds} (2), {@code threads} (2),
 * {@code wait} (50)).
 */
public final class BatchScale {
  private BatchScale() {
  }

  public static void main(String[] args) throws Exception {
    int[] counts = Arrays.stream(System.getProperty("streams", "1,2,4,8").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    double utterance = Double.parseDouble(System.getProperty("utterance", "6"));
    double partial = Double.parseDouble(System.getProperty("partial", "0"));
    int rounds = Integer.getInteger("rounds", 2);
    int threads = Integer.getInteger("threads", 2);
    int waitMs = Integer.getInteger("wait", 50);
    System.out.printf(Locale.ROOT, "cores %d, ONNX Runtime threads %d, utterance %.1f s, partial every %.1f s, "
        + "rounds %d, batch wait %d ms%n", Runtime.getRuntime().availableProcessors(), threads, utterance, partial,
        rounds, waitMs);
    System.out.println("| model | streams | batching off: real-time factor per stream | batching on: real-time factor "
        + "| windows per call (on) | same tokens | load average before → after |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String dir : args) {
      try (WhisperRecognizer whisper = new WhisperRecognizer(Path.of(dir), BenchModels.resolve("whisper"),
          OnnxSessions.cpuOptions(DevicePolicy.cpu(threads)))) {
        String name = Path.of(dir).getFileName().toString();
        whisper.transcribeWindows(List.of(window(whisper, signal(0, utterance), 2))); // warm-up
        if (Boolean.getBoolean("probe")) {
          probe(whisper, name, counts, utterance);
          continue;
        }
        for (int n : counts) {
          String before = WhisperScale.load();
          Run off = run(whisper, n, utterance, partial, rounds, w -> whisper.transcribeWindows(List.of(w)).get(0));
          Batcher<WhisperRecognizer.Window, WhisperRecognizer.WindowResult> batcher = n == 1 ? null
              : new Batcher<>(new BatchPolicy(n, waitMs), whisper::transcribeWindows);
          Run on = batcher == null ? off : run(whisper, n, utterance, partial, rounds, batcher::call);
          boolean same = true;
          for (int s = 0; s < n; s++) {
            same &= Arrays.equals(off.finals.get(s), on.finals.get(s));
          }
          System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f | %s | %s → %s |%n", name, n, off.factor,
              on.factor, batcher == null ? 1.0 : batcher.meanBatch(), same ? "yes" : "NO", before, WhisperScale.load());
        }
      }
    }
  }

  /**
   * Where a batch's time goes, on one thread: the encoder alone for B windows, and the whole batch (features apart)
   * with {@code tokens(utterance)} tokens each; the difference is the decoding.
   */
  static void probe(WhisperRecognizer whisper, String name, int[] counts, double utterance) throws Exception {
    int tokens = WhisperScale.tokens(utterance);
    System.out.println("| model | batch | encoder | decoding " + tokens + " tokens | decoder step | per window: "
        + "encoder / decoding | load average |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (int b : counts) {
      List<WhisperRecognizer.Window> windows = new ArrayList<>();
      float[][][] features = new float[b][][];
      for (int s = 0; s < b; s++) {
        windows.add(window(whisper, signal(s, utterance), tokens));
        features[s] = windows.get(s).features();
      }
      String before = WhisperScale.load();
      long start = System.nanoTime();
      whisper.encode(features);
      double encoder = (System.nanoTime() - start) / 1e9;
      start = System.nanoTime();
      whisper.transcribeWindows(windows);
      double decoding = (System.nanoTime() - start) / 1e9 - encoder;
      System.out.printf(Locale.ROOT, "| %s | %d | %.2f s | %.2f s | %.0f ms | %.2f / %.2f s | %s → %s |%n", name, b,
          encoder, decoding, decoding * 1000 / tokens, encoder / b, decoding / b, before, WhisperScale.load());
    }
  }

  /** The real-time factor per stream (the slowest stream's) and each stream's final tokens of its last utterance. */
  record Run(double factor, List<int[]> finals) {
  }

  static Run run(WhisperRecognizer whisper, int n, double utterance, double partial, int rounds,
      Function<WhisperRecognizer.Window, WhisperRecognizer.WindowResult> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<double[]>> timings = new ArrayList<>();
      List<int[]> finals = new ArrayList<>();
      for (int s = 0; s < n; s++) {
        finals.add(null);
      }
      for (int s = 0; s < n; s++) {
        int stream = s;
        timings.add(pool.submit(() -> {
          float[] audio = signal(stream, utterance);
          long start = System.nanoTime();
          for (int r = 0; r < rounds; r++) {
            if (partial > 0) {
              for (double at = partial; at < utterance - 1e-9; at += partial) {
                call.apply(window(whisper, Arrays.copyOf(audio, (int) (at * 16000)), WhisperScale.tokens(at)));
              }
            }
            int tokens = WhisperScale.tokens(utterance);
            int[] decoded = call.apply(window(whisper, audio, tokens)).tokens();
            if (decoded.length != tokens) {
              throw new IllegalStateException("decoded " + decoded.length + " tokens, not " + tokens
                  + ": is the end of text suppressed (scripts/make_whisper_shaped.py)?");
            }
            finals.set(stream, decoded);
          }
          return new double[] {(System.nanoTime() - start) / 1e9};
        }));
      }
      double slowest = 0;
      for (Future<double[]> f : timings) {
        slowest = Math.max(slowest, f.get()[0]);
      }
      return new Run(slowest / (rounds * utterance), finals);
    } finally {
      pool.shutdownNow();
    }
  }

  static WhisperRecognizer.Window window(WhisperRecognizer whisper, float[] audio, int tokens) {
    return new WhisperRecognizer.Window(whisper.features(audio)[0], "en", tokens);
  }

  /** A distinct signal per stream: a tone in noise. */
  static float[] signal(int stream, double seconds) {
    Random random = new Random(stream);
    float[] audio = new float[(int) (seconds * 16000)];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (float) (0.3 * Math.sin(2 * Math.PI * (140 + 25 * stream) * i / 16000.0) + 0.05 * random.nextGaussian());
    }
    return audio;
  }
}
