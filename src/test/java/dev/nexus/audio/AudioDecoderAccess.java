package dev.nexus.audio;

/** Test access to the decoder's package-private sample conversion. */
final class AudioDecoderAccess {
  private AudioDecoderAccess() {
  }

  static float[] samples(byte[] bytes, int bits) {
    return AudioDecoder.samples(bytes, bits);
  }
}
