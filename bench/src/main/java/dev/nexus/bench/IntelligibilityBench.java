package dev.nexus.bench;

import dev.nexus.speech.pocketsphinx.PocketSphinxRecognizer;
import dev.nexus.synthesis.Intelligibility;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import dev.nexus.synthesis.SynthesisPipeline;
import dev.nexus.text.Sentences;
import dev.nexus.synthesis.engine.Voice;
import dev.nexus.synthesis.espeak.EspeakSynthesizer;
import dev.nexus.synthesis.flite.FliteSynthesizer;
import dev.nexus.synthesis.piper.PiperSynthesizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Round-trip intelligibility per engine and voice (not a JMH benchmark: it measures words, not time).
 * Each of the 50 sentences of {@code src/test/resources/intelligibility/sentences.txt} is synthesized
 * at 16 kHz through the engine's pipeline, transcribed by PocketSphinx in-process (Debian's en-us
 * model), and scored by word error rate. Voices: espeak-ng's English ones, every Flite voice, and the
 * Piper voice in {@code $NEXUS_MODELS/piper} when one is there.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.nexus.bench.IntelligibilityBench [sentences.txt] [piper-voice] [voice,voice,...]</pre>
 * The third argument measures only the voices it names.
 */
public final class IntelligibilityBench {
  private IntelligibilityBench() {
  }

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "src/test/resources/intelligibility/sentences.txt");
    String piperVoice = args.length > 1 ? args[1] : "en_US-lessac-medium";
    List<String> sentences = Intelligibility.sentences(Files.readString(file));
    EspeakSynthesizer espeak = new EspeakSynthesizer(20);
    FliteSynthesizer flite = new FliteSynthesizer();
    List<SpeechSynthesizer> engines = new ArrayList<>(List.of(espeak, flite));
    List<Voice> voices = new ArrayList<>();
    for (String id : List.of("en-us", "en-gb", "en-us+f3", "en-gb-x-rp")) {
      voices.add(espeak.voice(id).orElseThrow());
    }
    voices.addAll(flite.voices().stream().filter(v -> v.id().startsWith("cmu_us_")).toList());
    Path piperDir = BenchModels.resolve("piper");
    if (Files.isRegularFile(piperDir.resolve(piperVoice + ".onnx"))) {
      PiperSynthesizer piper = new PiperSynthesizer(piperDir, piperVoice, espeak, new ai.onnxruntime.OrtSession.SessionOptions());
      engines.add(piper);
      voices.add(piper.voices().get(0));
    } else {
      System.out.println("no Piper voice at " + piperDir.resolve(piperVoice + ".onnx") + "; Piper not measured");
    }
    if (args.length > 2) {
      List<String> only = List.of(args[2].split(","));
      voices.removeIf(v -> !only.contains(v.id()));
    }
    System.out.printf("%d sentences, %d words%n", sentences.size(),
        sentences.stream().mapToInt(s -> Intelligibility.words(s).size()).sum());
    System.out.println("| engine | voice | gender | WER | errors / words | sentences without a transcript |");
    System.out.println("|---|---|---|---|---|---|");
    try (PocketSphinxRecognizer recognizer = new PocketSphinxRecognizer(PocketSphinxRecognizer.DEBIAN_MODEL, 2)) {
      for (Voice voice : voices) {
        SpeechSynthesizer engine = engines.stream().filter(e -> e.name().equals(voice.engine())).findFirst().orElseThrow();
        Intelligibility.Score score = Intelligibility.measure(new SynthesisPipeline(engine, new Sentences(200)),
            voice, recognizer, sentences);
        System.out.printf("| %s | %s | %s | %.3f | %d / %d | %d |%n", voice.engine(), voice.id(), voice.gender(),
            score.wer(), score.errors(), score.words(), score.emptyTranscripts());
        if (System.getenv("SHOW_TRANSCRIPTS") != null) {
          score.transcripts().forEach(t -> System.out.println("    " + t));
        }
      }
    }
  }
}
