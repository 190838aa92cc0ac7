package dev.nexus.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a Whisper model's config.json decides: English only or multilingual, 99 or 100 languages. */
class WhisperModelConfigTest {
  static final Path MERGED = Path.of("src/test/resources/models/whisper-tiny-random-merged");

  /** The tiny merged model with its config's vocabulary size set, and without generation_config.json. */
  static Path withVocabulary(Path dir, int vocabulary) throws Exception {
    Path model = Files.createDirectories(dir.resolve("whisper-" + vocabulary));
    for (String graph : new String[] {"encoder_model.onnx", "decoder_model_merged.onnx"}) {
      Files.copy(MERGED.resolve(graph), model.resolve(graph));
    }
    Files.writeString(model.resolve("config.json"), Files.readString(MERGED.resolve("config.json"))
        .replace("\"vocab_size\": 51865", "\"vocab_size\": " + vocabulary));
    return model;
  }

  @Test
  void anEnglishOnlyModelRefusesOtherLanguagesByNameAndPromptsWithoutALanguageToken(@TempDir Path dir)
      throws Exception {
    try (WhisperRecognizer english = new WhisperRecognizer(withVocabulary(dir, 51864),
        TestSupport.models().resolve("whisper"))) {
      english.checkLanguage("en");
      english.checkLanguage(" ");
      english.checkLanguage(null);
      assertThatThrownBy(() -> english.checkLanguage("FR"))
          .hasMessage("this Whisper model recognises English only (asked for 'FR')");
      WhisperTokenizer tokenizer = english.tokenizer();
      assertThat(english.prompt("en")).containsExactly(tokenizer.startOfTranscript(), tokenizer.noTimestamps());
      assertThat(english.transcribe(new float[16000], null).language()).as("no language asked: English").isEqualTo("en");
      assertThat(english.transcribe(new float[16000], " ").language()).isEqualTo("en");
    }
  }

  @Test
  void aMultilingualModelTakesItsLanguagesAndOnlyLargeV3TakesCantonese(@TempDir Path dir) throws Exception {
    Path assets = TestSupport.models().resolve("whisper");
    try (WhisperRecognizer v2 = new WhisperRecognizer(MERGED, assets);
        WhisperRecognizer v3 = new WhisperRecognizer(withVocabulary(dir, 51866), assets)) {
      v2.checkLanguage("FR");
      assertThatThrownBy(() -> v2.checkLanguage("yue")).hasMessage("Whisper has no language 'yue'");
      v3.checkLanguage("yue");
      assertThat(v2.prompt("fr")).containsExactly(v2.tokenizer().startOfTranscript(), v2.tokenizer().language("fr"),
          v2.tokenizer().transcribe(), v2.tokenizer().noTimestamps());
      assertThat(v2.meanBatch()).as("batching off").isZero();
    }
  }
}
