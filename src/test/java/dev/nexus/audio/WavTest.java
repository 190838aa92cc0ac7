package dev.nexus.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The WAV header this server writes, field by field, and what the parser accepts and refuses. */
class WavTest {
  private static ByteBuffer le(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Test
  void theHeaderHoldsEachFieldOfPcm16() {
    ByteBuffer h = le(Wav.header(24000, 2, 1000));
    assertThat(new String(Wav.header(24000, 2, 1000), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(h.getInt(4)).as("RIFF size: 36 + data").isEqualTo(1036);
    assertThat(h.getInt(16)).as("fmt size").isEqualTo(16);
    assertThat(h.getShort(20)).as("PCM").isEqualTo((short) 1);
    assertThat(h.getShort(22)).as("channels").isEqualTo((short) 2);
    assertThat(h.getInt(24)).as("sample rate").isEqualTo(24000);
    assertThat(h.getInt(28)).as("byte rate").isEqualTo(24000 * 2 * 2);
    assertThat(h.getShort(32)).as("block align").isEqualTo((short) 4);
    assertThat(h.getShort(34)).as("bits").isEqualTo((short) 16);
    assertThat(h.getInt(40)).as("data size").isEqualTo(1000);
    ByteBuffer mono = le(Wav.header(16000, 1, 10));
    assertThat(mono.getInt(28)).isEqualTo(32000);
    assertThat(mono.getShort(32)).isEqualTo((short) 2);
  }

  @Test
  void aStreamingHeaderKeepsTheUnknownSizeInBothSizeFields() {
    ByteBuffer h = le(Wav.header(24000, 1, Wav.UNKNOWN_SIZE));
    assertThat(h.getInt(4)).isEqualTo(Wav.UNKNOWN_SIZE);
    assertThat(h.getInt(40)).isEqualTo(Wav.UNKNOWN_SIZE);
  }

  @Test
  void aWrittenFileParsesBackToItsSamples() {
    byte[] pcm = {0, 0x40, 0, (byte) 0xC0, (byte) 0xFF, 0x7F};
    Wav.Audio audio = Wav.parse(Wav.of(pcm, 8000));
    assertThat(audio.sampleRate()).isEqualTo(8000);
    assertThat(audio.channels()).isEqualTo(1);
    assertThat(audio.samples()).containsExactly(0.5f, -0.5f, 32767 / 32768f);
    assertThat(audio.durationSeconds()).isEqualTo(3 / 8000.0);
    assertThat(new Wav.Audio(8000, 2, new float[8000]).durationSeconds()).isEqualTo(0.5);
  }

  @Test
  void aDataSizeBeyondTheEndMeansToTheEndAndAnOddByteIsDropped() {
    byte[] file = Wav.of(new byte[] {0, 0x40, 0, 0x40, 1}, 8000);
    assertThat(Wav.parse(file).samples()).as("the odd last byte is not a sample").hasSize(2);
    byte[] streamed = Wav.of(new byte[] {0, 0x40, 0, 0x40}, 8000);
    le(streamed).putInt(40, Wav.UNKNOWN_SIZE);
    assertThat(Wav.parse(streamed).samples()).containsExactly(0.5f, 0.5f);
  }

  @Test
  void chunksBeforeTheDataAreSkippedWithTheirPadByte() {
    // RIFF, WAVE, fmt, a 3-byte LIST chunk padded to 4, then data
    ByteBuffer b = ByteBuffer.allocate(12 + 24 + 12 + 10).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(0).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    b.put(Wav.header(16000, 1, 2), 12, 24);
    b.put("LIST".getBytes(StandardCharsets.US_ASCII)).putInt(3).put(new byte[] {1, 2, 3, 0});
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2).put(new byte[] {0, 0x40});
    Wav.Audio audio = Wav.parse(b.array());
    assertThat(audio.sampleRate()).isEqualTo(16000);
    assertThat(audio.samples()).containsExactly(0.5f);
  }

  @Test
  void whatIsNotPcm16WaveIsRefusedSayingWhy() {
    assertThatThrownBy(() -> Wav.parse(new byte[11])).hasMessage("not a RIFF/WAVE file");
    byte[] riffOnly = Wav.of(new byte[2], 8000);
    riffOnly[8] = 'X';
    assertThatThrownBy(() -> Wav.parse(riffOnly)).hasMessage("not a RIFF/WAVE file");
    byte[] noData = Wav.of(new byte[0], 8000);
    noData[36] = 'x';
    assertThatThrownBy(() -> Wav.parse(noData)).hasMessage("WAV file has no data chunk");
    byte[] eightBit = Wav.of(new byte[2], 8000);
    le(eightBit).putShort(34, (short) 8);
    assertThatThrownBy(() -> Wav.parse(eightBit)).hasMessage("only 16-bit PCM WAV is supported (format 1, 8 bits)");
    byte[] floats = Wav.of(new byte[2], 8000);
    le(floats).putShort(20, (short) 3);
    assertThatThrownBy(() -> Wav.parse(floats)).hasMessageContaining("format 3");
    byte[] extensible = Wav.of(new byte[] {0, 0x40}, 8000);
    le(extensible).putShort(20, (short) 0xFFFE);
    assertThat(Wav.parse(extensible).samples()).as("WAVE_FORMAT_EXTENSIBLE with 16 bits").containsExactly(0.5f);
    byte[] noRate = Wav.of(new byte[2], 8000);
    le(noRate).putInt(24, 0);
    assertThatThrownBy(() -> Wav.parse(noRate)).hasMessage("WAV data before a valid fmt chunk");
    byte[] noChannels = Wav.of(new byte[2], 8000);
    le(noChannels).putShort(22, (short) 0);
    assertThatThrownBy(() -> Wav.parse(noChannels)).hasMessage("WAV data before a valid fmt chunk");
  }

  @Test
  void rmsIsZeroForSilenceOneForAFullScaleSquareAndHalfForAHalfScaleOne() {
    assertThat(Pcm.rms(new byte[0])).isZero();
    assertThat(Pcm.rms(new byte[64])).isZero();
    byte[] square = new byte[8];
    for (int i = 0; i < 8; i += 4) {
      square[i] = 0;
      square[i + 1] = (byte) 0x80; // -1.0
      square[i + 2] = (byte) 0xFF;
      square[i + 3] = 0x7F; // +32767/32768
    }
    assertThat(Pcm.rms(square)).isCloseTo(1.0, offset(1e-4));
    byte[] half = {0, 0x40, 0, (byte) 0xC0};
    assertThat(Pcm.rms(half)).isEqualTo(0.5);
    byte[] uneven = {0, 0x40, 0, 0};
    assertThat(Pcm.rms(uneven)).as("sqrt((0.25 + 0) / 2)").isCloseTo(Math.sqrt(0.125), offset(1e-9));
  }
}
