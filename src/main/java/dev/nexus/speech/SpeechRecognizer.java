package dev.nexus.speech;

import java.util.List;

/** A speech recognizer: sessions that take 16 kHz mono audio and give partial and final transcripts. */
public interface SpeechRecognizer extends AutoCloseable {

  /** A recognised word and where it lies in the session's audio. */
  record Word(String text, long startMs, long endMs) {
  }

  /** The final result of a session. */
  record Transcript(String text, List<Word> words, String language) {
  }

  /** One utterance (or one file): feed audio, ask for the best guess so far, then finish. */
  interface Session extends AutoCloseable {
    /** Appends 16 kHz mono samples in [-1, 1]. */
    void accept(float[] samples);

    /** The best hypothesis of all audio so far; it may still change. */
    String partial();

    /** The final transcript; the session is spent afterwards. */
    Transcript finish();

    @Override
    void close();
  }

  /** The engine's name, as configured. */
  String name();

  /** Starts a session; {@code language} may be null for the engine's default. */
  Session start(String language);

  /** Transcribes a whole recording at once. */
  default Transcript transcribe(float[] samples, String language) {
    try (Session session = start(language)) {
      session.accept(samples);
      return session.finish();
    }
  }

  @Override
  void close();
}
