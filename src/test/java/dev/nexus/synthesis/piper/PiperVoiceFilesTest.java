package dev.nexus.synthesis.piper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtSession;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import dev.nexus.synthesis.engine.Voice;
import dev.nexus.synthesis.espeak.EspeakSynthesizer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Piper voice files as configured: what a broken or multi-speaker config does, and a listener that stops early. */
class PiperVoiceFilesTest {
  static final Path VOICES = Path.of("src/test/resources/models/piper");
  static final String TINY = "nexus-tiny-random";
  static EspeakSynthesizer phonemizer;

  @BeforeAll
  static void load() {
    phonemizer = new EspeakSynthesizer(20);
  }

  /** The tiny voice copied into {@code dir} as {@code name}, its config changed by {@code edit}. */
  static void copy(Path dir, String name, UnaryOperator<JsonObject> edit) throws IOException {
    Files.copy(VOICES.resolve(TINY + ".onnx"), dir.resolve(name + ".onnx"));
    JsonObject config = new JsonObject(Files.readString(VOICES.resolve(TINY + ".onnx.json")));
    Files.writeString(dir.resolve(name + ".onnx.json"), edit.apply(config).encode());
  }

  static PiperSynthesizer open(Path dir, String name) throws Exception {
    return new PiperSynthesizer(dir, name, phonemizer, new OrtSession.SessionOptions());
  }

  @Test
  void aVoiceWithoutItsConfigNamesBothFiles(@TempDir Path dir) throws Exception {
    Files.copy(VOICES.resolve(TINY + ".onnx"), dir.resolve("half.onnx"));
    assertThatThrownBy(() -> open(dir, "half")).isInstanceOf(IOException.class)
        .hasMessage("Piper voice 'half' needs " + dir.resolve("half.onnx") + " and " + dir.resolve("half.onnx.json"));
  }

  @Test
  void aPhonemeMapWithoutTheBeginningSymbolIsRefusedNamingTheConfig(@TempDir Path dir) throws Exception {
    copy(dir, "no-bos", c -> {
      c.getJsonObject("phoneme_id_map").remove("^");
      return c;
    });
    assertThatThrownBy(() -> open(dir, "no-bos")).isInstanceOf(IOException.class)
        .hasMessage(dir.resolve("no-bos.onnx.json") + ": phoneme_id_map lacks Piper's '^'");
  }

  @Test
  void aMultiSpeakerConfigListsEachSpeakerAndPassesItsIdToTheModel(@TempDir Path dir) throws Exception {
    copy(dir, "duo", c -> c.put("num_speakers", 2).put("speaker_id_map", new JsonObject().put("alice", 0).put("bob", 1)));
    try (PiperSynthesizer duo = open(dir, "duo")) {
      assertThat(duo.voices()).extracting(Voice::id).containsExactly("duo", "duo#alice", "duo#bob");
      assertThat(duo.voice("duo#bob").orElseThrow().spec()).isEqualTo("1");
      // the tiny model is single-speaker: it has no 'sid' input, so ONNX Runtime refuses the speaker id
      assertThatThrownBy(() -> duo.synthesize("Hello there.", duo.voice("duo#bob").orElseThrow(), 1, 1, sink(100)))
          .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("piper inference failed: ");
    }
  }

  @Test
  void voicesOfDifferentRatesAreRefusedTogetherAndAVoiceNoFileServesIsNamed(@TempDir Path dir) throws Exception {
    copy(dir, "low", c -> c);
    copy(dir, "high", c -> c.put("audio", new JsonObject().put("sample_rate", 22050)));
    assertThatThrownBy(() -> PiperVoices.load(dir, List.of("low", "high"), phonemizer, new OrtSession.SessionOptions()))
        .hasMessageStartingWith("Piper voices low (16000 Hz) and high (22050 Hz) differ in sample rate");
    assertThatThrownBy(() -> PiperVoices.load(dir, List.of(), phonemizer, new OrtSession.SessionOptions()))
        .hasMessage("no Piper voice is configured (engines.piper.voice)");
    copy(dir, "other", c -> c);
    try (SpeechSynthesizer both = PiperVoices.load(dir, List.of("low", "other"), phonemizer,
        new OrtSession.SessionOptions())) {
      Voice stranger = new Voice("stranger", "stranger", "en-us", "unknown", "piper", "0");
      assertThatThrownBy(() -> both.synthesize("Hi.", stranger, 1, 1, sink(100)))
          .hasMessage("no Piper voice file serves stranger");
    }
  }

  /** A listener that takes {@code pieces} pieces of audio and then asks to stop. */
  static final class Taking implements SpeechSynthesizer.Sink {
    final int pieces;
    final List<float[]> heard = new ArrayList<>();
    final List<Long> wordsAt = new ArrayList<>();

    Taking(int pieces) {
      this.pieces = pieces;
    }

    @Override
    public boolean audio(float[] samples) {
      heard.add(samples);
      return heard.size() < pieces;
    }

    @Override
    public void word(int textOffset, int length, long audioMs) {
      wordsAt.add(audioMs);
    }
  }

  static Taking sink(int pieces) {
    return new Taking(pieces);
  }

  @Test
  void aListenerThatStopsAfterOnePieceGetsNoMoreAndWordsWithoutFinalPunctuationStillGetTimes() throws Exception {
    try (PiperSynthesizer piper = open(VOICES, TINY)) {
      Voice voice = piper.voices().get(0);
      Taking all = sink(Integer.MAX_VALUE);
      piper.synthesize("one two three four five six seven eight nine ten", voice, 1, 1, all);
      assertThat(all.heard).as("pieces of a long sentence").hasSizeGreaterThan(1);
      assertThat(all.wordsAt).hasSize(10).isSorted().first().isEqualTo(0L);
      Taking one = sink(1);
      piper.synthesize("one two three four five six seven eight nine ten", voice, 1, 1, one);
      assertThat(one.heard).hasSize(1);
      Taking blank = sink(Integer.MAX_VALUE);
      piper.synthesize("  ", voice, 1, 1, blank);
      assertThat(blank.wordsAt).isEmpty();
    }
  }
}
