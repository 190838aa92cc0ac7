package dev.nexus.audio;

import be.tarsos.dsp.resample.Resampler;
import java.util.Arrays;

/**
 * Converts a stream of mono float samples from one rate to another, batch by batch, with
 * TarsosDSP's band-limited resampler; the same rate passes through untouched.
 */
public final class StreamingResampler {
  private final double factor;
  private final Resampler resampler;
  private float[] pending = new float[0];

  /** A resampler with TarsosDSP's standard filter: fast, and clean enough for speech. */
  public StreamingResampler(int fromRate, int toRate) {
    this(fromRate, toRate, false);
  }

  /** @param highQuality TarsosDSP's long filter: about five times slower, for music-grade output */
  public StreamingResampler(int fromRate, int toRate, boolean highQuality) {
    this.factor = (double) toRate / fromRate;
    this.resampler = fromRate == toRate ? null : new Resampler(highQuality, factor, factor);
  }

  /** Resamples the next batch; {@code last} flushes the filter's tail. */
  public float[] process(float[] input, boolean last) {
    if (resampler == null) {
      return input;
    }
    float[] in = pending.length == 0 ? input : concat(pending, input);
    float[] out = new float[(int) Math.ceil(in.length * factor) + 64];
    int consumed = 0;
    int produced = 0;
    while (true) {
      Resampler.Result r = resampler.process(factor, in, consumed, in.length - consumed, last, out,
          produced, out.length - produced);
      consumed += r.inputSamplesConsumed;
      produced += r.outputSamplesGenerated;
      if (r.inputSamplesConsumed == 0 && r.outputSamplesGenerated == 0) {
        break;
      }
      if (produced == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      if (consumed == in.length && !last) {
        break;
      }
    }
    pending = Arrays.copyOfRange(in, consumed, in.length);
    return Arrays.copyOf(out, produced);
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
