package dev.nexus.synthesis.engine;

import java.util.List;

/**
 * A synthesizer whose name is fixed and whose native rate and voices are known once its engine has loaded: the
 * subclass's constructor loads the engine, then says what it found with {@link #loaded}.
 */
public abstract class LoadedSynthesizer implements SpeechSynthesizer {
  private final String name;
  private int sampleRate;
  private List<Voice> voices = List.of();

  protected LoadedSynthesizer(String name) {
    this.name = name;
  }

  /** The engine has loaded: its native sample rate and its voices. */
  protected final void loaded(int sampleRate, List<Voice> voices) {
    this.sampleRate = sampleRate;
    this.voices = List.copyOf(voices);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int sampleRate() {
    return sampleRate;
  }

  @Override
  public final List<Voice> voices() {
    return voices;
  }
}
