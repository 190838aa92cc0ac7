package dev.nexus.speech.whisper;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Whisper's log-mel spectrogram: 16 kHz audio, 25 ms periodic-Hann windows every 10 ms (n_fft 400, hop
 * 160), centred with reflect padding, power spectrum, Whisper's mel filter bank (80 or 128 bins),
 * log10 clamped at 1e-10, floored at 8 below the maximum, then scaled as (x + 4) / 4. As Whisper does
 * for its model input, the audio is followed by {@code padSamples} zeros before the spectrogram.
 */
public final class LogMel {
  public static final int N_FFT = 400;
  public static final int HOP = 160;
  /** 30 s at 16 kHz: Whisper's window. */
  public static final int N_SAMPLES = 480_000;

  private final float[][] filters;
  private final double[] window = new double[N_FFT];
  private final ThreadLocal<DoubleFFT_1D> fft = ThreadLocal.withInitial(() -> new DoubleFFT_1D(N_FFT));

  /** @param filters the mel bank, [bins][201], e.g. {@code mel_80} of Whisper's mel_filters.npz */
  public LogMel(float[][] filters) {
    if (filters.length == 0 || filters[0].length != N_FFT / 2 + 1) {
      throw new IllegalArgumentException("a mel filter bank must have " + (N_FFT / 2 + 1) + " columns");
    }
    this.filters = filters;
    for (int i = 0; i < N_FFT; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT); // periodic, as torch.hann_window
    }
  }

  public int bins() {
    return filters.length;
  }

  /** The features [bins][frames], frames = (samples + padSamples) / 160. */
  public float[][] compute(float[] audio, int padSamples) {
    int length = audio.length + padSamples;
    double[] x = new double[length + N_FFT];
    int half = N_FFT / 2;
    for (int i = 0; i < length; i++) {
      x[half + i] = i < audio.length ? audio[i] : 0;
    }
    for (int i = 1; i <= half; i++) { // reflect padding at both ends
      x[half - i] = x[half + i];
      x[half + length - 1 + i] = x[half + length - 1 - i];
    }
    int frames = length / HOP; // torch.stft gives one more frame; Whisper drops the last
    int spectrum = N_FFT / 2 + 1;
    float[][] mel = new float[filters.length][frames];
    double[] frame = new double[N_FFT];
    double[] power = new double[spectrum];
    DoubleFFT_1D transform = fft.get();
    double max = Double.NEGATIVE_INFINITY;
    for (int t = 0; t < frames; t++) {
      int start = t * HOP;
      for (int i = 0; i < N_FFT; i++) {
        frame[i] = x[start + i] * window[i];
      }
      transform.realForward(frame);
      power[0] = frame[0] * frame[0];
      power[spectrum - 1] = frame[1] * frame[1]; // n_fft is even: the Nyquist bin is real
      for (int k = 1; k < spectrum - 1; k++) {
        power[k] = frame[2 * k] * frame[2 * k] + frame[2 * k + 1] * frame[2 * k + 1];
      }
      for (int m = 0; m < filters.length; m++) {
        float[] f = filters[m];
        double sum = 0;
        for (int k = 0; k < spectrum; k++) {
          sum += f[k] * power[k];
        }
        double log = Math.log10(Math.max(sum, 1e-10));
        mel[m][t] = (float) log;
        max = Math.max(max, log);
      }
    }
    double floor = max - 8.0;
    for (float[] row : mel) {
      for (int t = 0; t < frames; t++) {
        row[t] = (float) ((Math.max(row[t], floor) + 4.0) / 4.0);
      }
    }
    return mel;
  }
}
