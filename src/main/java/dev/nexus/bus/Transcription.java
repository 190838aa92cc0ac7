package dev.nexus.bus;

import java.util.List;

/** A finished transcript, with its words and their times in milliseconds from the start of the audio. */
public record Transcription(String text, String language, long durationMs, List<TimedWord> words,
    List<TimedWord> segments) {
  public Transcription {
    words = words == null ? List.of() : List.copyOf(words);
    segments = segments == null ? List.of() : List.copyOf(segments);
  }

  /** A recognised word (or, in {@code segments}, a stretch of text) and where it lies. */
  public record TimedWord(String word, long startMs, long endMs) {
  }
}
