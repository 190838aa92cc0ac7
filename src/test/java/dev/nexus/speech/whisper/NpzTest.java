package dev.nexus.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
  static final String FLOATS_2X3 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

  /** A .npy array as NumPy writes it: magic, version, header length, header, then the data. */
  static byte[] npy(int major, String header, float... values) {
    int lengthBytes = major == 1 ? 2 : 4;
    ByteBuffer b = ByteBuffer.allocate(8 + lengthBytes + header.length() + values.length * 4)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
    if (major == 1) {
      b.putShort((short) header.length());
    } else {
      b.putInt(header.length());
    }
    b.put(header.getBytes(StandardCharsets.US_ASCII));
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  @Test
  void anArchiveGivesEachArrayByItsNameInRowMajorOrder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("filters.npz");
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("mel_80.npy"));
      zip.write(npy(1, FLOATS_2X3, 1, 2, 3, 4, 5, 6));
      zip.putNextEntry(new ZipEntry("mel_2.npy"));
      zip.write(npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", 7, 8));
    }
    Map<String, float[][]> arrays = Npz.read(file);
    assertThat(arrays).containsOnlyKeys("mel_80", "mel_2");
    assertThat(arrays.get("mel_80")).isDeepEqualTo(new float[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(arrays.get("mel_2")).isDeepEqualTo(new float[][] {{7, 8}});
  }

  @Test
  void bytesWithoutTheNumpyMagicAreNoArray() {
    byte[] good = npy(1, FLOATS_2X3, 1, 2, 3, 4, 5, 6);
    for (int at = 0; at < 3; at++) {
      byte[] bad = good.clone();
      bad[at] = 'x';
      assertThatThrownBy(() -> Npz.npy(bad, "a.npy")).as("byte " + at).hasMessage("a.npy is not a .npy array");
    }
    assertThatThrownBy(() -> Npz.npy(Arrays.copyOf(good, 9), "short.npy")).hasMessage("short.npy is not a .npy array");
  }

  @Test
  void anUnknownFormatVersionIsNamed() {
    byte[] future = npy(1, FLOATS_2X3, 1, 2, 3, 4, 5, 6);
    future[6] = 9;
    assertThatThrownBy(() -> Npz.npy(future, "v9.npy")).hasMessageContaining("v9.npy: .npy format version 9");
  }

  @Test
  void aHeaderLongerThanTheFileIsRefusedNamingItsLength() {
    byte[] cut = Arrays.copyOf(npy(1, FLOATS_2X3), 30);
    assertThatThrownBy(() -> Npz.npy(cut, "cut.npy"))
        .hasMessage("cut.npy: the header of " + FLOATS_2X3.length() + " bytes runs past the end of the array");
  }

  @Test
  void dataShorterThanTheShapeIsRefusedNamingBothSizes() {
    byte[] shortData = npy(1, FLOATS_2X3, 1, 2, 3, 4, 5);
    assertThatThrownBy(() -> Npz.npy(shortData, "m.npy"))
        .hasMessage("m.npy: shape (2, 3) needs 24 bytes of data, the file has 20");
  }

  @Test
  void otherDtypesFortranOrderAndOtherRanksAreRefusedQuotingTheHeader() {
    assertThatThrownBy(() -> Npz.npy(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", 0, 0),
        "d.npy")).hasMessageStartingWith("d.npy: only C-ordered little-endian float32").hasMessageContaining("<f8");
    assertThatThrownBy(() -> Npz.npy(npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1, 1), }", 0),
        "f.npy")).hasMessageStartingWith("f.npy: only C-ordered");
    assertThatThrownBy(() -> Npz.npy(npy(3, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 0, 0, 0, 0),
        "v.npy")).hasMessageStartingWith("v.npy: only 2-D arrays are supported").hasMessageContaining("(4,)");
  }
}
