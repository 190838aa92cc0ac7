package dev.nexus.bench;

import dev.nexus.speech.whisper.LogMel;
import dev.nexus.speech.whisper.Npz;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whisper's log-mel front end for one 30 s window (3000 frames of 80 bins): the engine's FFT
 * (JTransforms) against the same computation with a naive O(n²) DFT per frame, the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class MelBench {
  private LogMel logMel;
  private float[][] filters;
  private float[] audio;

  @Setup
  public void setup() throws Exception {
    filters = Npz.read(BenchModels.resolve("whisper/mel_filters.npz")).get("mel_80");
    logMel = new LogMel(filters);
    audio = new float[LogMel.N_SAMPLES];
    java.util.Random random = new java.util.Random(3);
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (float) (0.3 * Math.sin(i * 0.05) + 0.05 * random.nextGaussian());
    }
  }

  @Benchmark
  public float[][] logMelFft() {
    return logMel.compute(audio, 0);
  }

  /** The baseline: the same frames, window and filters, with a direct DFT (precomputed twiddles). */
  @Benchmark
  public float[][] logMelNaiveDft() {
    int n = LogMel.N_FFT;
    int bins = n / 2 + 1;
    int frames = audio.length / LogMel.HOP;
    double[][] cos = new double[bins][n];
    double[][] sin = new double[bins][n];
    for (int k = 0; k < bins; k++) {
      for (int i = 0; i < n; i++) {
        cos[k][i] = Math.cos(2 * Math.PI * k * i / n);
        sin[k][i] = Math.sin(2 * Math.PI * k * i / n);
      }
    }
    float[][] mel = new float[filters.length][frames];
    double[] frame = new double[n];
    double[] power = new double[bins];
    for (int t = 0; t < frames; t++) {
      for (int i = 0; i < n; i++) {
        int at = t * LogMel.HOP + i - n / 2;
        double v = at < 0 ? audio[-at] : at >= audio.length ? audio[2 * audio.length - 2 - at] : audio[at];
        frame[i] = v * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
      }
      for (int k = 0; k < bins; k++) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < n; i++) {
          re += frame[i] * cos[k][i];
          im -= frame[i] * sin[k][i];
        }
        power[k] = re * re + im * im;
      }
      for (int m = 0; m < filters.length; m++) {
        double sum = 0;
        for (int k = 0; k < bins; k++) {
          sum += filters[m][k] * power[k];
        }
        mel[m][t] = (float) Math.log10(Math.max(sum, 1e-10));
      }
    }
    return mel;
  }
}
