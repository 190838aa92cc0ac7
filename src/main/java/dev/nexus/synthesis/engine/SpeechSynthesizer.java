package dev.nexus.synthesis.engine;

import java.util.List;
import java.util.Optional;

/** A text-to-speech engine: lists its voices and synthesizes one piece of text at a time. */
public interface SpeechSynthesizer extends AutoCloseable {

  /** Receives audio and word events as the engine produces them. */
  interface Sink {
    /** Audio at the engine's native rate; return false to stop synthesis at once. */
    boolean audio(float[] samples);

    /** A word starts at {@code audioMs} into this piece's audio; offsets are in chars of the text. */
    void word(int textOffset, int length, long audioMs);
  }

  /** Engine name, as configured. */
  String name();

  /** The sample rate of the audio passed to {@link Sink#audio}. */
  int sampleRate();

  /** The voices this engine offers. */
  List<Voice> voices();

  /** The voice a request names, if this engine has it. */
  default Optional<Voice> voice(String id) {
    return voices().stream().filter(v -> v.id().equalsIgnoreCase(id)).findFirst();
  }

  /** Synthesizes {@code text} with the voice; returns when done or when the sink asked to stop. */
  void synthesize(String text, Voice voice, double speed, double pitch, Sink sink);

  @Override
  void close();
}
