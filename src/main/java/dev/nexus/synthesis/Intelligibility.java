package dev.nexus.synthesis;

import dev.nexus.audio.Pcm;
import dev.nexus.speech.engine.SpeechRecognizer;
import dev.nexus.synthesis.engine.Voice;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Round-trip intelligibility of a voice: each sentence is synthesized at 16 kHz through the voice's
 * pipeline, transcribed by a speech recognizer, and scored by word error rate against the sentence
 * (word-level edit distance over the sentence's word count, after lower-casing and dropping
 * punctuation). A machine's ear is not a listener's, but a voice it cannot follow is a poor voice.
 */
public final class Intelligibility {
  private static final int RATE = 16000;

  private Intelligibility() {
  }

  /** One voice's result over a set of sentences. */
  public record Score(String voice, String engine, int words, int errors, int emptyTranscripts,
      List<String> transcripts) {
    public Score {
      transcripts = List.copyOf(transcripts);
    }

    /** Word error rate: errors over reference words. */
    public double wer() {
      return words == 0 ? 0 : (double) errors / words;
    }
  }

  /** The sentences of a text: one a line, blank lines and {@code #} comments skipped. */
  public static List<String> sentences(String text) {
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** The words of a text as scored: lower case, letters, digits and apostrophes; hyphens split words. */
  public static List<String> words(String text) {
    String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]+", " ");
    return Arrays.stream(cleaned.split("\\s+")).map(w -> w.replaceAll("^'+|'+$", ""))
        .filter(w -> !w.isEmpty()).toList();
  }

  /** Word-level edit distance: substitutions, insertions and deletions. */
  public static int distance(List<String> reference, List<String> hypothesis) {
    int[] previous = new int[hypothesis.size() + 1];
    int[] row = new int[hypothesis.size() + 1];
    for (int j = 0; j <= hypothesis.size(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= reference.size(); i++) {
      row[0] = i;
      for (int j = 1; j <= hypothesis.size(); j++) {
        int substitution = previous[j - 1] + (reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1);
        row[j] = Math.min(substitution, Math.min(previous[j], row[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = row;
      row = swap;
    }
    return previous[hypothesis.size()];
  }

  /** Synthesizes each sentence with the voice, transcribes it, and scores the transcripts. */
  public static Score measure(SynthesisPipeline pipeline, Voice voice, SpeechRecognizer recognizer,
      List<String> sentences) {
    int words = 0;
    int errors = 0;
    int empty = 0;
    List<String> transcripts = new ArrayList<>();
    for (String sentence : sentences) {
      ByteArrayOutputStream pcm = new ByteArrayOutputStream();
      pipeline.run("intelligibility", sentence, voice, 1.0, 1.0, RATE, 40, chunk -> {
        pcm.writeBytes(chunk.pcm());
        return true;
      });
      byte[] bytes = pcm.toByteArray();
      String transcript = recognizer.transcribe(Pcm.toFloats(bytes, 0, bytes.length), "en").text();
      transcripts.add(transcript);
      List<String> reference = words(sentence);
      List<String> heard = words(transcript);
      empty += heard.isEmpty() ? 1 : 0;
      words += reference.size();
      errors += distance(reference, heard);
    }
    return new Score(voice.id(), voice.engine(), words, errors, empty, transcripts);
  }
}
