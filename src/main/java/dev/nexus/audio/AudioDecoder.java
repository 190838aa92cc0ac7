package dev.nexus.audio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.jflac.FLACDecoder;
import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

/** Decodes uploaded audio (WAV, FLAC or raw PCM16) to mono floats at a target rate. */
public final class AudioDecoder {
  private AudioDecoder() {
  }

  /** The container of a file, told by its first bytes. */
  public static String sniff(byte[] file) {
    if (file.length >= 12 && file[0] == 'R' && file[1] == 'I' && file[2] == 'F' && file[3] == 'F') {
      return "wav";
    }
    if (file.length >= 4 && file[0] == 'f' && file[1] == 'L' && file[2] == 'a' && file[3] == 'C') {
      return "flac";
    }
    return "raw";
  }

  /**
   * Decodes a WAV or FLAC file, or raw PCM16 little-endian mono at {@code rawRate}, to mono at
   * {@code targetRate}; {@code rawRate} 0 means raw input is not expected, and anything that is not
   * WAV or FLAC is refused. Throws IllegalArgumentException with the reason for anything undecodable.
   */
  public static float[] decode(byte[] file, int rawRate, int targetRate) {
    if (file.length == 0) {
      throw new IllegalArgumentException("the audio is empty");
    }
    Wav.Audio audio = switch (sniff(file)) {
      case "wav" -> Wav.parse(file);
      case "flac" -> flac(file);
      default -> {
        if (rawRate <= 0) {
          throw new IllegalArgumentException("the audio is neither WAV nor FLAC (raw PCM16 must be named .pcm or .raw, "
              + "or sent as audio/pcm)");
        }
        if (file.length % 2 != 0) {
          throw new IllegalArgumentException("raw audio must be PCM16: an even number of bytes");
        }
        yield new Wav.Audio(rawRate, 1, Pcm.toFloats(file, 0, file.length));
      }
    };
    float[] mono = downmix(audio);
    return new StreamingResampler(audio.sampleRate(), targetRate).process(mono, true);
  }

  static float[] downmix(Wav.Audio audio) {
    int channels = audio.channels();
    if (channels == 1) {
      return audio.samples();
    }
    float[] mono = new float[audio.samples().length / channels];
    for (int i = 0; i < mono.length; i++) {
      float sum = 0;
      for (int c = 0; c < channels; c++) {
        sum += audio.samples()[i * channels + c];
      }
      mono[i] = sum / channels;
    }
    return mono;
  }

  static Wav.Audio flac(byte[] file) {
    FLACDecoder decoder = new FLACDecoder(new ByteArrayInputStream(file));
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    StreamInfo[] info = new StreamInfo[1];
    decoder.addPCMProcessor(new PCMProcessor() {
      @Override
      public void processStreamInfo(StreamInfo streamInfo) {
        info[0] = streamInfo;
      }

      @Override
      public void processPCM(ByteData data) {
        pcm.write(data.getData(), 0, data.getLen());
      }
    });
    try {
      decoder.decode();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("the FLAC stream is corrupt: " + e.getMessage());
    }
    int bits = info[0] == null ? 0 : info[0].getBitsPerSample();
    if (info[0] != null && bits != 8 && bits != 16 && bits != 24) { // said first: such frames give no samples
      throw new IllegalArgumentException("FLAC of " + bits + " bits per sample is not supported (8, 16 or 24)");
    }
    if (info[0] == null || pcm.size() == 0) {
      throw new IllegalArgumentException("the FLAC stream has no audio");
    }
    byte[] bytes = pcm.toByteArray();
    return new Wav.Audio(info[0].getSampleRate(), info[0].getChannels(), samples(bytes, bits));
  }

  /** jFLAC's little-endian signed samples of 8, 16 or 24 bits as floats in [-1, 1]. */
  static float[] samples(byte[] bytes, int bits) {
    int width = bits / 8;
    float[] out = new float[bytes.length / width];
    float scale = 1f / (1 << (bits - 1));
    for (int i = 0; i < out.length; i++) {
      int at = i * width;
      int value = bytes[at + width - 1]; // the top byte carries the sign
      for (int b = width - 2; b >= 0; b--) {
        value = (value << 8) | (bytes[at + b] & 0xff);
      }
      out[i] = value * scale;
    }
    return out;
  }
}
