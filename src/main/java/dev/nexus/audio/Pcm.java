package dev.nexus.audio;

/** Conversions between PCM16 little-endian bytes, shorts and floats in [-1, 1]. */
public final class Pcm {
  private Pcm() {
  }

  /** Floats in [-1, 1] to PCM16 little-endian bytes, clipping out-of-range samples. */
  public static byte[] toBytes(float[] samples, int offset, int length) {
    byte[] out = new byte[length * 2];
    for (int i = 0; i < length; i++) {
      float f = Math.max(-1f, Math.min(1f, samples[offset + i]));
      int s = Math.round(f * 32767f);
      out[2 * i] = (byte) s;
      out[2 * i + 1] = (byte) (s >> 8);
    }
    return out;
  }

  /** PCM16 little-endian bytes to floats in [-1, 1]. */
  public static float[] toFloats(byte[] pcm, int offset, int length) {
    float[] out = new float[length / 2];
    for (int i = 0; i < out.length; i++) {
      int lo = pcm[offset + 2 * i] & 0xff;
      int hi = pcm[offset + 2 * i + 1];
      out[i] = (short) ((hi << 8) | lo) / 32768f;
    }
    return out;
  }

  /** Shorts to floats in [-1, 1]. */
  public static float[] toFloats(short[] samples, int length) {
    float[] out = new float[length];
    for (int i = 0; i < length; i++) {
      out[i] = samples[i] / 32768f;
    }
    return out;
  }

  /** Root-mean-square level of PCM16 bytes, 0 for silence, 1 for a full-scale square wave. */
  public static double rms(byte[] pcm) {
    float[] f = toFloats(pcm, 0, pcm.length);
    double sum = 0;
    for (float v : f) {
      sum += v * v;
    }
    return f.length == 0 ? 0 : Math.sqrt(sum / f.length);
  }
}
