package dev.nexus.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.audio.G711.Law;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * G.711 against the ITU-T reference: the reconstruction levels of G.711's Tables 1 (A-law) and 2 (μ-law), scaled
 * to 16 bits, and every one of the 65536 samples and 256 codes compared with an independent implementation (CPython's
 * {@code audioop}, Sun's reference g711.c), by the SHA-256 of its full output:
 * {@code audioop.lin2ulaw(all 16-bit samples, 2)} and {@code audioop.ulaw2lin(bytes(range(256)), 2)}.
 */
class G711Test {
  private static byte[] pcm(int... samples) {
    byte[] out = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      out[2 * i] = (byte) samples[i];
      out[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    return out;
  }

  private static int[] samples(byte[] pcm) {
    int[] out = new int[pcm.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
    }
    return out;
  }

  private static byte[] codes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void muLawDecodesToTheItuReconstructionLevels() {
    // Table 2: code 0x80/0x00 is ±8031 (14-bit) = ±32124; 0xFF and 0x7F are ±0; 0x8F is the top of segment 7
    assertThat(samples(G711.decode(Law.PCMU, codes(0x80, 0x00, 0xff, 0x7f, 0x8f, 0x0f, 0xfe))))
        .containsExactly(32124, -32124, 0, 0, 16764, -16764, 8);
  }

  @Test
  void aLawDecodesToTheItuReconstructionLevels() {
    // Table 1: code 0xAA/0x2A is ±4032 (13-bit) = ±32256; 0xD5/0x55 the smallest level ±1 = ±8; 0x80 is 5504
    assertThat(samples(G711.decode(Law.PCMA, codes(0xaa, 0x2a, 0xd5, 0x55, 0x80, 0x00))))
        .containsExactly(32256, -32256, 8, -8, 5504, -5504);
  }

  @Test
  void encodingPicksTheReferenceCodes() {
    byte[] in = pcm(0, -1, 100, -100, 1000, -4000, 32767, -32768, 12345);
    assertThat(G711.encode(Law.PCMU, in)).containsExactly(codes(0xff, 0x7e, 0xf2, 0x72, 0xce, 0x2f, 0x80, 0x00, 0x97));
    assertThat(G711.encode(Law.PCMA, in)).containsExactly(codes(0xd5, 0x55, 0xd3, 0x53, 0xfa, 0x1a, 0xaa, 0x2a, 0xbd));
  }

  @Test
  void everySampleAndCodeMatchesTheIndependentReference() throws Exception {
    int[] all = new int[65536];
    for (int i = 0; i < all.length; i++) {
      all[i] = i - 32768;
    }
    byte[] pcm = pcm(all);
    assertThat(sha256(G711.encode(Law.PCMU, pcm))).isEqualTo("81d633c9e6972a18c74a58720b96cb8ca0bdd096d4060b646dd708c3b846019a");
    assertThat(sha256(G711.encode(Law.PCMA, pcm))).isEqualTo("38488f6fd710f4686360edc4d38639f96c491595ef93f8eb8d62d5e07ca6ce7b");
    byte[] every = new byte[256];
    for (int i = 0; i < 256; i++) {
      every[i] = (byte) i;
    }
    assertThat(sha256(G711.decode(Law.PCMU, every))).isEqualTo("3dab54339e520bb2c924826e3b72a917a2b612e9fd12fc867500f1d983a75827");
    assertThat(sha256(G711.decode(Law.PCMA, every))).isEqualTo("e04788d110e58ff8c70c93b8480190d973e3b67876b6119abbaec766cc75c174");
  }

  @Test
  void aToneSurvivesTheRoundTripWithinTheCodecsNoise() {
    int[] tone = new int[8000];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (int) Math.round(12000 * Math.sin(2 * Math.PI * 440 * i / 8000.0));
    }
    for (Law law : Law.values()) {
      byte[] coded = G711.encode(law, pcm(tone));
      assertThat(coded).hasSize(tone.length);
      int[] back = samples(G711.decode(law, coded));
      double signal = 0;
      double noise = 0;
      for (int i = 0; i < tone.length; i++) {
        signal += (double) tone[i] * tone[i];
        noise += (double) (back[i] - tone[i]) * (back[i] - tone[i]);
      }
      // G.711's signal-to-quantisation-noise ratio is about 38 dB for a loud tone
      assertThat(10 * Math.log10(signal / noise)).as(law.name()).isGreaterThan(35);
    }
    assertThat(G711.encode(Law.PCMU, new byte[] {1, 2, 3})).as("odd trailing byte ignored").hasSize(1);
  }
}
