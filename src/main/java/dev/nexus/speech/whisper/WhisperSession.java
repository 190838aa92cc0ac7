package dev.nexus.speech.whisper;

import dev.nexus.speech.engine.SpeechRecognizer.Session;
import dev.nexus.speech.engine.SpeechRecognizer.Transcript;
import java.util.ArrayList;
import java.util.List;

/** One listener's Whisper session: the utterance's audio is kept and transcribed whole for each partial and at the end. */
final class WhisperSession implements Session {
  private final WhisperRecognizer whisper;
  private final String language;
  private final List<float[]> pieces = new ArrayList<>();
  private int length;

  WhisperSession(WhisperRecognizer whisper, String language) {
    this.whisper = whisper;
    this.language = language;
  }

  @Override
  public void accept(float[] samples) {
    pieces.add(samples);
    length += samples.length;
  }

  @Override
  public String partial() {
    return length == 0 ? "" : whisper.transcribe(joined(), language).text();
  }

  @Override
  public Transcript finish() {
    Transcript t = length == 0 ? new Transcript("", List.of(), "en", List.of()) : whisper.transcribe(joined(), language);
    pieces.clear();
    length = 0;
    return t;
  }

  private float[] joined() {
    float[] all = new float[length];
    int at = 0;
    for (float[] p : pieces) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  @Override
  public void close() {
    pieces.clear();
  }
}
