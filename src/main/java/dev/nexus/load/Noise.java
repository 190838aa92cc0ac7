package dev.nexus.load;

import dev.nexus.audio.Pcm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What a listening session streams: faint background noise (Gaussian, about -60 dBFS), far below speech, so the
 * server's VAD works on every frame and no utterance starts. Made once, as ready-to-send append events.
 */
final class Noise {
  /** One second of noise: 50 frames of 20 ms at 16 kHz. */
  static final int FRAMES = 50;
  /** The noise's standard deviation, as a fraction of full scale (-60 dBFS). */
  static final double LEVEL = 0.001;

  private Noise() {
  }

  /** The noise as {@code input_audio_buffer.append} events, one 20 ms frame each, to be sent in a loop. */
  static List<String> frames() {
    Random random = new Random(20);
    List<String> frames = new ArrayList<>(FRAMES);
    for (int f = 0; f < FRAMES; f++) {
      float[] samples = new float[320];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = (float) (random.nextGaussian() * LEVEL);
      }
      frames.add(LoadSessions.append(Pcm.toBytes(samples, 0, samples.length)));
    }
    return List.copyOf(frames);
  }
}
