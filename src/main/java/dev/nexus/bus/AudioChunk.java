package dev.nexus.bus;

import java.util.List;

/**
 * One piece of a PCM16 little-endian mono audio stream, with the words that start inside it.
 *
 * @param startMs where the chunk begins in the request's audio, in milliseconds
 */
public record AudioChunk(String requestId, int seq, int sampleRate, long startMs, byte[] pcm,
    List<WordTiming> words) {
  public AudioChunk {
    words = words == null ? List.of() : List.copyOf(words);
  }

  /** The chunk's length in milliseconds. */
  public double durationMs() {
    return pcm.length / 2 * 1000.0 / sampleRate;
  }
}
