package dev.nexus.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** RIFF/WAVE PCM16 headers and parsing, including streamed files whose sizes are not known. */
public final class Wav {
  /** Size fields of a streamed WAV whose length is not known when the header is sent. */
  public static final int UNKNOWN_SIZE = 0xFFFFFFFF;

  private Wav() {
  }

  /** Decoded PCM: interleaved samples as floats in [-1, 1]. */
  public record Audio(int sampleRate, int channels, float[] samples) {
    public double durationSeconds() {
      return samples.length / (double) channels / sampleRate;
    }
  }

  /** A 44-byte header for PCM16; {@code dataBytes} may be {@link #UNKNOWN_SIZE} when streaming. */
  public static byte[] header(int sampleRate, int channels, int dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII));
    b.putInt(dataBytes == UNKNOWN_SIZE ? UNKNOWN_SIZE : 36 + dataBytes);
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII));
    b.putInt(16).putShort((short) 1).putShort((short) channels).putInt(sampleRate)
        .putInt(sampleRate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
    return b.array();
  }

  /** A complete WAV file of PCM16 mono samples. */
  public static byte[] of(byte[] pcm, int sampleRate) {
    byte[] out = new byte[44 + pcm.length];
    System.arraycopy(header(sampleRate, 1, pcm.length), 0, out, 0, 44);
    System.arraycopy(pcm, 0, out, 44, pcm.length);
    return out;
  }

  /** Parses a PCM16 WAV; a data size beyond the end (a streamed file) means "to the end". */
  public static Audio parse(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    if (file.length < 12 || !tag(file, 0, "RIFF") || !tag(file, 8, "WAVE")) {
      throw new IllegalArgumentException("not a RIFF/WAVE file");
    }
    int pos = 12;
    int rate = 0;
    int channels = 0;
    int bits = 0;
    int format = 0;
    while (pos + 8 <= file.length) {
      long size = b.getInt(pos + 4) & 0xffffffffL;
      if (tag(file, pos, "fmt ")) {
        format = b.getShort(pos + 8) & 0xffff;
        channels = b.getShort(pos + 10);
        rate = b.getInt(pos + 12);
        bits = b.getShort(pos + 22);
      } else if (tag(file, pos, "data")) {
        if (rate <= 0 || channels <= 0) {
          throw new IllegalArgumentException("WAV data before a valid fmt chunk");
        }
        if ((format != 1 && format != 0xFFFE) || bits != 16) {
          throw new IllegalArgumentException("only 16-bit PCM WAV is supported (format " + format
              + ", " + bits + " bits)");
        }
        int start = pos + 8;
        long available = file.length - start;
        int length = (int) Math.min(size, available) & ~1;
        return new Audio(rate, channels, Pcm.toFloats(file, start, length));
      }
      pos += 8 + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - pos - 8);
    }
    throw new IllegalArgumentException("WAV file has no data chunk");
  }

  private static boolean tag(byte[] file, int at, String tag) {
    for (int i = 0; i < 4; i++) {
      if (at + i >= file.length || file[at + i] != tag.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
