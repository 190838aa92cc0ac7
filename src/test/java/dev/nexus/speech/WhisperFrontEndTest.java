package dev.nexus.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import dev.nexus.speech.whisper.LogMel;
import dev.nexus.speech.whisper.Npz;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Whisper's log-mel front end against the reference that scripts/make_whisper_mel_reference.py
 * computed with PyTorch (torch.stft, as Whisper does) on the same deterministic signal.
 */
class WhisperFrontEndTest {

  /** The reference script's signal: two sines and LCG noise, 2 s at 16 kHz. */
  static float[] signal() {
    int n = 32000;
    float[] out = new float[n];
    long state = 12345;
    for (int i = 0; i < n; i++) {
      state = (state * 1103515245L + 12345L) % (1L << 31);
      double noise = state / (double) (1L << 31) * 2.0 - 1.0;
      out[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220.0 * i / 16000) + 0.2 * Math.sin(2 * Math.PI * 1234.5 * i / 16000 + 0.5)
          + 0.05 * noise);
    }
    return out;
  }

  static float[][] reference(int bins) throws Exception {
    try (InputStream in = WhisperFrontEndTest.class.getResourceAsStream("/whisper/mel" + bins + "-reference.f32")) {
      ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[][] out = new float[bins][200];
      for (float[] row : out) {
        b.asFloatBuffer().get(row);
        b.position(b.position() + 800);
      }
      return out;
    }
  }

  @Test
  void logMelMatchesWhispersOwnComputationFor80And128Bins() throws Exception {
    Map<String, float[][]> bank = Npz.read(TestSupport.models().resolve("whisper/mel_filters.npz"));
    assertThat(bank.get("mel_80")).hasDimensions(80, 201);
    assertThat(bank.get("mel_128")).hasDimensions(128, 201);
    for (int bins : new int[] {80, 128}) {
      LogMel logMel = new LogMel(bank.get("mel_" + bins));
      float[][] mel = logMel.compute(signal(), LogMel.N_SAMPLES);
      assertThat(logMel.bins()).isEqualTo(bins);
      assertThat(mel[0]).hasSize(3200);
      float[][] expected = reference(bins);
      double worst = 0;
      for (int m = 0; m < bins; m++) {
        for (int t = 0; t < 200; t++) {
          worst = Math.max(worst, Math.abs(mel[m][t] - expected[m][t]));
        }
      }
      System.out.printf("log-mel, %d bins: largest difference from PyTorch %.2e%n", bins, worst);
      assertThat(worst).as("largest difference from PyTorch, %d bins", bins).isLessThan(5e-5);
    }
  }

  @Test
  void rejectsWhatItCannotRead() {
    assertThatThrownBy(() -> new LogMel(new float[80][100])).hasMessageContaining("201 columns");
    assertThatThrownBy(() -> Npz.read(java.nio.file.Path.of("pom.xml"))).isInstanceOf(java.io.IOException.class);
  }
}
