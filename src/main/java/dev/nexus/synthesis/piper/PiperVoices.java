package dev.nexus.synthesis.piper;

import ai.onnxruntime.OrtSession;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import dev.nexus.synthesis.engine.Voice;
import dev.nexus.synthesis.espeak.EspeakSynthesizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several Piper voice files served as one engine (the podcast's two hosts, say): the voices of every file, each
 * request synthesized by the file that owns its voice. The files must share a sample rate, as Piper's medium voices
 * do (22.05 kHz), since an engine has one.
 */
public final class PiperVoices implements SpeechSynthesizer {
  private final List<PiperSynthesizer> files;

  private PiperVoices(List<PiperSynthesizer> files) {
    this.files = List.copyOf(files);
  }

  /** Loads {@code <dir>/<voice>.onnx} and its config for each voice: one file as it is, several together. */
  public static SpeechSynthesizer load(Path dir, List<String> voices, EspeakSynthesizer phonemizer,
      OrtSession.SessionOptions options)
      throws Exception {
    if (voices.isEmpty()) {
      throw new IOException("no Piper voice is configured (engines.piper.voice)");
    }
    List<PiperSynthesizer> loaded = new ArrayList<>();
    try {
      for (String voice : voices) {
        PiperSynthesizer file = new PiperSynthesizer(dir, voice, phonemizer, options);
        loaded.add(file);
        if (file.sampleRate() != loaded.get(0).sampleRate()) {
          throw new IOException("Piper voices " + loaded.get(0).voiceName() + " (" + loaded.get(0).sampleRate()
              + " Hz) and " + voice + " (" + file.sampleRate() + " Hz) differ in sample rate; configure voices of "
              + "one quality (engines.piper.voice)");
        }
      }
    } catch (Exception e) {
      loaded.forEach(PiperSynthesizer::close);
      throw e;
    }
    return loaded.size() == 1 ? loaded.get(0) : new PiperVoices(loaded);
  }

  @Override
  public String name() {
    return "piper";
  }

  @Override
  public int sampleRate() {
    return files.get(0).sampleRate();
  }

  @Override
  public List<Voice> voices() {
    return files.stream().flatMap(f -> f.voices().stream()).toList();
  }

  @Override
  public void synthesize(String text, Voice voice, double speed, double pitch, Sink sink) {
    for (PiperSynthesizer file : files) {
      if (file.voices().contains(voice)) {
        file.synthesize(text, voice, speed, pitch, sink);
        return;
      }
    }
    throw new IllegalArgumentException("no Piper voice file serves " + voice.id());
  }

  @Override
  public void close() {
    files.forEach(PiperSynthesizer::close);
  }
}
