package dev.nexus.speech.engine;

import java.util.List;

/** A speech recognizer: sessions that take 16 kHz mono audio and give partial and final transcripts. */
public interface SpeechRecognizer extends AutoCloseable {

  /** A recognised word and where it lies in the session's audio. */
  record Word(String text, long startMs, long endMs) {
  }

  /** A stretch of the transcript with its times (Whisper's timestamped segments). */
  record Segment(String text, long startMs, long endMs) {
  }

  /** The final result of a session; engines give word times, segment times, or both. */
  record Transcript(String text, List<Word> words, String language, List<Segment> segments) {
    public Transcript {
      words = words == null ? List.of() : List.copyOf(words);
      segments = segments == null ? List.of() : List.copyOf(segments);
    }

    public Transcript(String text, List<Word> words, String language) {
      this(text, words, language, List.of());
    }
  }

  /**
   * One listener's recognition: utterances one after another (feed audio, ask for the best guess so
   * far, finish), then close. State an engine adapts to a speaker lives only as long as the session.
   */
  interface Session extends AutoCloseable {
    /** Appends 16 kHz mono samples in [-1, 1], starting an utterance if none is in progress. */
    void accept(float[] samples);

    /** The best hypothesis of the current utterance so far (it may still change); empty between utterances. */
    String partial();

    /** Ends the current utterance and returns its transcript (empty if no audio came). */
    Transcript finish();

    @Override
    void close();
  }

  /** The engine's name, as configured. */
  String name();

  /**
   * Throws IllegalArgumentException, saying why, when the engine cannot recognise {@code language}
   * (null or blank: the engine's default or detection, always accepted).
   */
  default void checkLanguage(String language) {
  }

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
