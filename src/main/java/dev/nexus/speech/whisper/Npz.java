package dev.nexus.speech.whisper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads 2-D little-endian float32 arrays from a NumPy {@code .npz} archive (such as Whisper's mel filters). */
public final class Npz {
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+)\\)");

  private Npz() {
  }

  /** Every array of the archive, by name (without the {@code .npy} suffix). */
  public static Map<String, float[][]> read(Path file) throws IOException {
    Map<String, float[][]> arrays = new HashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry entry : Collections.list(zip.entries())) {
        try (InputStream in = zip.getInputStream(entry)) {
          arrays.put(entry.getName().replaceAll("\\.npy$", ""), npy(in.readAllBytes(), entry.getName()));
        }
      }
    }
    return arrays;
  }

  static float[][] npy(byte[] data, String name) throws IOException {
    if (data.length < 10 || data[0] != (byte) 0x93 || data[1] != 'N' || data[2] != 'U') {
      throw new IOException(name + " is not a .npy array");
    }
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int major = data[6];
    if (major < 1 || major > 3 || (major > 1 && data.length < 12)) {
      throw new IOException(name + ": .npy format version " + major + " is not supported (1, 2 or 3)");
    }
    long headerLength = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8) & 0xffffffffL;
    int headerStart = major == 1 ? 10 : 12;
    if (headerStart + headerLength > data.length) {
      throw new IOException(name + ": the header of " + headerLength + " bytes runs past the end of the array");
    }
    String header = new String(data, headerStart, (int) headerLength, StandardCharsets.US_ASCII);
    if (!header.contains("'descr': '<f4'") || header.contains("'fortran_order': True")) {
      throw new IOException(name + ": only C-ordered little-endian float32 arrays are supported: " + header.trim());
    }
    Matcher shape = SHAPE.matcher(header);
    if (!shape.find()) {
      throw new IOException(name + ": only 2-D arrays are supported: " + header.trim());
    }
    int rows = Integer.parseInt(shape.group(1));
    int cols = Integer.parseInt(shape.group(2));
    int dataStart = headerStart + (int) headerLength;
    long needed = (long) rows * cols * 4;
    if (data.length - dataStart < needed) {
      throw new IOException(name + ": shape (" + rows + ", " + cols + ") needs " + needed + " bytes of data, the file has "
          + (data.length - dataStart));
    }
    b.position(dataStart);
    float[][] out = new float[rows][cols];
    for (float[] row : out) {
      b.asFloatBuffer().get(row);
      b.position(b.position() + cols * 4);
    }
    return out;
  }
}
