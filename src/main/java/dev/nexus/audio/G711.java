package dev.nexus.audio;

/**
 * ITU-T G.711 companding, the telephone codecs: μ-law ({@code audio/pcmu}) and A-law ({@code audio/pcma}), one byte
 * per sample (8 kHz in telephony; the codec itself is rate-free). PCM is 16-bit little-endian. The encoder follows
 * the reference algorithm (Sun Microsystems' public-domain g711.c): μ-law on 14 bits with a bias of 33, A-law on 13
 * bits with even bits inverted.
 */
public final class G711 {
  /** The two companding laws, named as the realtime protocol names their formats. */
  public enum Law {
    /** μ-law, North America and Japan: {@code audio/pcmu}, beta {@code g711_ulaw}. */
    PCMU,
    /** A-law, Europe and most of the world: {@code audio/pcma}, beta {@code g711_alaw}. */
    PCMA
  }

  private static final short[] MU_DECODE = new short[256];
  private static final short[] A_DECODE = new short[256];

  static {
    for (int code = 0; code < 256; code++) {
      MU_DECODE[code] = (short) muLawToLinear(code);
      A_DECODE[code] = (short) aLawToLinear(code);
    }
  }

  private G711() {
  }

  /** PCM16 little-endian samples to one G.711 byte each; an odd trailing byte is ignored. */
  public static byte[] encode(Law law, byte[] pcm) {
    byte[] out = new byte[pcm.length / 2];
    for (int i = 0; i < out.length; i++) {
      int sample = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
      out[i] = (byte) (law == Law.PCMU ? linearToMuLaw(sample) : linearToALaw(sample));
    }
    return out;
  }

  /** G.711 bytes to PCM16 little-endian samples, two bytes per code. */
  public static byte[] decode(Law law, byte[] codes) {
    short[] table = law == Law.PCMU ? MU_DECODE : A_DECODE;
    byte[] out = new byte[codes.length * 2];
    for (int i = 0; i < codes.length; i++) {
      short s = table[codes[i] & 0xff];
      out[2 * i] = (byte) s;
      out[2 * i + 1] = (byte) (s >> 8);
    }
    return out;
  }

  /** One 16-bit sample to its μ-law code. */
  static int linearToMuLaw(int sample) {
    int value = sample >> 2; // 14 bits
    int mask;
    if (value < 0) {
      value = -value;
      mask = 0x7f;
    } else {
      mask = 0xff;
    }
    value = Math.min(value, 8159) + 33;
    int segment = segment(value, 0x3f);
    if (segment >= 8) {
      return 0x7f ^ mask;
    }
    return (segment << 4 | (value >> (segment + 1)) & 0x0f) ^ mask;
  }

  /** One 16-bit sample to its A-law code. */
  static int linearToALaw(int sample) {
    int value = sample >> 3; // 13 bits
    int mask;
    if (value >= 0) {
      mask = 0xd5; // sign bit set, even bits inverted
    } else {
      mask = 0x55;
      value = -value - 1;
    }
    int segment = segment(value, 0x1f);
    if (segment >= 8) {
      return 0x7f ^ mask;
    }
    int code = segment << 4 | (segment < 2 ? value >> 1 : value >> segment) & 0x0f;
    return code ^ mask;
  }

  /** The segment (0-7, or 8 past the last) of a magnitude whose first segment ends at {@code firstEnd}. */
  private static int segment(int magnitude, int firstEnd) {
    int end = firstEnd;
    for (int segment = 0; segment < 8; segment++) {
      if (magnitude <= end) {
        return segment;
      }
      end = end << 1 | 1;
    }
    return 8;
  }

  private static int muLawToLinear(int code) {
    int u = ~code & 0xff;
    int t = ((u & 0x0f) << 3) + 0x84;
    t <<= (u & 0x70) >> 4;
    return (u & 0x80) != 0 ? 0x84 - t : t - 0x84;
  }

  private static int aLawToLinear(int code) {
    int a = code ^ 0x55;
    int t = (a & 0x0f) << 4;
    int segment = (a & 0x70) >> 4;
    if (segment == 0) {
      t += 8;
    } else {
      t = (t + 0x108) << (segment - 1);
    }
    return (a & 0x80) != 0 ? t : -t;
  }
}
