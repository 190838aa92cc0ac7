package dev.nexus.gateway.realtime;

import dev.nexus.audio.G711;
import dev.nexus.audio.Pcm;
import dev.nexus.audio.StreamingResampler;

/**
 * A response's audio in the session's output format: PCM16 as synthesised, or for G.711 ({@code audio/pcmu},
 * {@code audio/pcma}) synthesised at 16 kHz (the synthesis stage has no 8 kHz rate), resampled to 8 kHz and
 * companded. One per response: the resampler carries its filter state from chunk to chunk.
 */
final class OutputAudio {
  /** The rate speech is synthesised at for G.711 output, before it is resampled to 8 kHz. */
  static final int G711_SYNTHESIS_RATE = 16000;

  private final G711.Law law;
  private final StreamingResampler resampler;

  OutputAudio(SessionConfig config) {
    this.law = config.outputLaw;
    this.resampler = law == null ? null : new StreamingResampler(G711_SYNTHESIS_RATE, config.outputRate);
  }

  /** The rate to ask the synthesis stage for. */
  static int synthesisRate(SessionConfig config) {
    return config.outputLaw == null ? config.outputRate : G711_SYNTHESIS_RATE;
  }

  /**
   * A chunk of synthesised PCM16 in the output format. The resampler's stream runs on across sentences (its filter
   * holds back a few samples, which leave with the next chunk).
   */
  byte[] encode(byte[] pcm) {
    if (law == null) {
      return pcm;
    }
    float[] resampled = resampler.process(Pcm.toFloats(pcm, 0, pcm.length), false);
    return G711.encode(law, Pcm.toBytes(resampled, 0, resampled.length));
  }
}
