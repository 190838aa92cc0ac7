package dev.nexus.audio;

import be.tarsos.dsp.AudioEvent;
import be.tarsos.dsp.GainProcessor;
import be.tarsos.dsp.io.TarsosDSPAudioFormat;

/**
 * Level handling with TarsosDSP's gain processor (which also clips to full scale): an engine's gain,
 * so voices of different engines play at matching loudness, times the request's volume.
 */
public final class Level {
  private final double gain;
  private final GainProcessor processor;
  private final AudioEvent event;

  public Level(double gain, int sampleRate) {
    this.gain = gain;
    this.processor = new GainProcessor(gain);
    this.event = new AudioEvent(new TarsosDSPAudioFormat(sampleRate, 16, 1, true, false));
  }

  /** Scales the samples in place (nothing to do at unity gain) and returns them. */
  public float[] apply(float[] samples) {
    if (gain == 1.0 || samples.length == 0) {
      return samples;
    }
    event.setFloatBuffer(samples);
    processor.process(event);
    return samples;
  }
}
