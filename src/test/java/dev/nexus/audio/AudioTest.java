package dev.nexus.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AudioTest {

  static float[] sine(double hz, int rate, int n) {
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return s;
  }

  @Test
  void pcmRoundTripsAndClips() {
    float[] in = {0f, 0.5f, -0.5f, 1.5f, -2f};
    float[] back = Pcm.toFloats(Pcm.toBytes(in, 0, in.length), 0, in.length * 2);
    assertThat(back[1]).isCloseTo(0.5f, org.assertj.core.data.Offset.offset(0.001f));
    assertThat(back[3]).isCloseTo(1f, org.assertj.core.data.Offset.offset(0.001f));
    assertThat(back[4]).isCloseTo(-1f, org.assertj.core.data.Offset.offset(0.001f));
    assertThat(Pcm.rms(new byte[0])).isZero();
    assertThat(Pcm.toFloats(new short[] {16384, -16384}, 2)).containsExactly(0.5f, -0.5f);
  }

  @Test
  void resamplingKeepsDurationAndFrequency() {
    int n = 22050;
    float[] tone = sine(440, 22050, n);
    StreamingResampler r = new StreamingResampler(22050, 16000);
    float[] out = new float[0];
    for (int at = 0; at < n; at += 441) {
      float[] part = r.process(Arrays.copyOfRange(tone, at, at + 441), false);
      out = concat(out, part);
    }
    out = concat(out, r.process(new float[0], true));
    assertThat(out.length).isBetween(15900, 16100);
    int crossings = 0;
    for (int i = 1000; i < 15000; i++) {
      if (out[i - 1] < 0 && out[i] >= 0) {
        crossings++;
      }
    }
    // 14,000 samples at 16 kHz of a 440 Hz tone: 385 rising zero crossings
    assertThat(crossings).isBetween(380, 390);
    float[] same = {1, 2, 3};
    assertThat(new StreamingResampler(16000, 16000).process(same, true)).isSameAs(same);
    StreamingResampler up = new StreamingResampler(16000, 48000, true);
    assertThat(up.process(sine(200, 16000, 16000), true).length).isBetween(47800, 48200);
  }

  static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void wavWritesAndParsesIncludingStreamedSizesAndExtraChunks() {
    byte[] pcm = Pcm.toBytes(sine(300, 16000, 1600), 0, 1600);
    Wav.Audio audio = Wav.parse(Wav.of(pcm, 16000));
    assertThat(audio.sampleRate()).isEqualTo(16000);
    assertThat(audio.durationSeconds()).isEqualTo(0.1);

    byte[] streamed = concatBytes(Wav.header(24000, 1, Wav.UNKNOWN_SIZE), pcm);
    assertThat(Wav.parse(streamed).samples()).hasSize(1600);

    ByteBuffer list = ByteBuffer.allocate(8 + 3 + 1).order(ByteOrder.LITTLE_ENDIAN);
    list.put("LIST".getBytes()).putInt(3).put(new byte[] {1, 2, 3, 0});
    byte[] header = Wav.header(8000, 2, pcm.length);
    byte[] withList = concatBytes(Arrays.copyOfRange(header, 0, 36), list.array(),
        Arrays.copyOfRange(header, 36, 44), pcm);
    Wav.Audio stereo = Wav.parse(withList);
    assertThat(stereo.channels()).isEqualTo(2);
    assertThat(stereo.durationSeconds()).isEqualTo(0.1);
  }

  @Test
  void badWavFilesAreRejectedWithAReason() {
    assertThatThrownBy(() -> Wav.parse("hello".getBytes())).hasMessage("not a RIFF/WAVE file");
    assertThatThrownBy(() -> Wav.parse("RIFF0000WAVX".getBytes())).hasMessage("not a RIFF/WAVE file");
    byte[] header = Wav.header(16000, 1, 0);
    assertThatThrownBy(() -> Wav.parse(Arrays.copyOf(header, 36))).hasMessage("WAV file has no data chunk");
    byte[] eightBit = header.clone();
    eightBit[34] = 8;
    assertThatThrownBy(() -> Wav.parse(eightBit)).hasMessageContaining("only 16-bit PCM");
    byte[] floatFormat = header.clone();
    floatFormat[20] = 3;
    assertThatThrownBy(() -> Wav.parse(floatFormat)).hasMessageContaining("format 3");
    byte[] noFmt = concatBytes("RIFF\0\0\0\0WAVEdata\0\0\0\0".getBytes());
    assertThatThrownBy(() -> Wav.parse(noFmt)).hasMessage("WAV data before a valid fmt chunk");
  }

  @Test
  void decoderReadsWavFlacAndRawAndRejectsGarbage() throws Exception {
    byte[] pcm = Pcm.toBytes(sine(300, 8000, 8000), 0, 8000);
    assertThat(AudioDecoder.sniff(Wav.of(pcm, 8000))).isEqualTo("wav");
    assertThat(AudioDecoder.decode(Wav.of(pcm, 8000), 16000, 16000).length).isBetween(15900, 16100);
    assertThat(AudioDecoder.decode(pcm, 8000, 16000).length).isBetween(15900, 16100);
    byte[] flac = java.nio.file.Files.readAllBytes(dev.nexus.TestSupport.jfkFlac());
    assertThat(AudioDecoder.sniff(flac)).isEqualTo("flac");
    byte[] truncated = Arrays.copyOf(flac, 200);
    assertThatThrownBy(() -> AudioDecoder.decode(truncated, 16000, 16000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AudioDecoder.decode(new byte[0], 16000, 16000)).hasMessage("the audio is empty");
    assertThatThrownBy(() -> AudioDecoder.decode(new byte[] {1, 2, 3}, 16000, 16000)).hasMessageContaining("even number");
    assertThatThrownBy(() -> AudioDecoder.decode(pcm, 0, 16000)).hasMessageContaining("neither WAV nor FLAC");
    byte[] stereo = Wav.of(Pcm.toBytes(new float[] {0.5f, -0.5f, 0.25f, 0.25f}, 0, 4), 16000);
    java.nio.ByteBuffer.wrap(stereo).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 2);
    assertThat(AudioDecoder.decode(stereo, 16000, 16000)).hasSize(2);
    assertThat(AudioDecoder.decode(stereo, 16000, 16000)[1]).isCloseTo(0.25f, org.assertj.core.data.Offset.offset(0.001f));
  }

  @Test
  void flacSampleWidthsDecodeWithTheirSign() {
    assertThat(AudioDecoderAccess.samples(new byte[] {0x00, 0x00, 0x40, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 24))
        .containsExactly(0.5f, -1f / (1 << 23));
    assertThat(AudioDecoderAccess.samples(new byte[] {0x40, (byte) 0xc0}, 8)).containsExactly(0.5f, -0.5f);
  }


  @Test
  void onlyTheWholeRiffOrFlacMagicMakesAFileWavOrFlac() {
    assertThat(AudioDecoder.sniff("RIFF0000WAVE".getBytes())).isEqualTo("wav");
    for (String raw : List.of("RIFF0000WAV", "XIFF0000WAVE", "RXFF0000WAVE", "RIXF0000WAVE", "RIFX0000WAVE",
        "fLaC".substring(0, 3), "xLaC", "fxaC", "fLxC", "fLaX")) {
      assertThat(AudioDecoder.sniff(raw.getBytes())).as(raw).isEqualTo("raw");
    }
    assertThat(AudioDecoder.sniff("fLaC".getBytes())).isEqualTo("flac");
  }

  @Test
  void aFlacStreamWithOnlyItsHeaderHasNoAudio() throws Exception {
    byte[] flac = java.nio.file.Files.readAllBytes(dev.nexus.TestSupport.jfkFlac());
    byte[] headerOnly = Arrays.copyOf(flac, 4 + 4 + 34);
    headerOnly[4] |= (byte) 0x80; // STREAMINFO is the last metadata block
    assertThatThrownBy(() -> AudioDecoder.decode(headerOnly, 0, 16000)).hasMessage("the FLAC stream has no audio");
    assertThatThrownBy(() -> AudioDecoder.decode(Arrays.copyOf(flac, 4), 0, 16000))
        .as("no STREAMINFO at all").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFlacStreamOfTwelveBitSamplesIsRefusedNamingItsWidth() throws Exception {
    byte[] flac = java.nio.file.Files.readAllBytes(dev.nexus.TestSupport.jfkFlac());
    byte[] twelveBits = flac.clone();
    // STREAMINFO: 20 bits of rate, 3 of channels, 5 of (bits per sample - 1) across bytes 20 and 21
    int bitsMinusOne = 11;
    twelveBits[20] = (byte) ((twelveBits[20] & 0xfe) | (bitsMinusOne >> 4));
    twelveBits[21] = (byte) ((twelveBits[21] & 0x0f) | ((bitsMinusOne & 0x0f) << 4));
    assertThatThrownBy(() -> AudioDecoder.decode(twelveBits, 0, 16000))
        .hasMessage("FLAC of 12 bits per sample is not supported (8, 16 or 24)");
  }

  static byte[] concatBytes(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
