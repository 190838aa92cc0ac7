package dev.nexus.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import dev.nexus.speech.whisper.WhisperTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Whisper's tokenizers, from its real rank files, against ids every Whisper implementation agrees on. */
class WhisperTokenizerTest {
  static WhisperTokenizer gpt2;
  static WhisperTokenizer multilingual;

  @BeforeAll
  static void load() throws Exception {
    gpt2 = new WhisperTokenizer(TestSupport.models().resolve("whisper/gpt2.tiktoken"), 99);
    multilingual = new WhisperTokenizer(TestSupport.models().resolve("whisper/multilingual.tiktoken"), 99);
  }

  @Test
  void englishTextHasGpt2sIds() {
    assertThat(gpt2.encode("Hello world")).containsExactly(15496, 995);
    assertThat(gpt2.encode(" Hello")).containsExactly(18435);
    assertThat(gpt2.endOfText()).isEqualTo(50256);
  }

  @Test
  void theNonSpeechTokensAreWhispersSuppressList() {
    var tokens = multilingual.nonSpeechTokens();
    System.out.println("non-speech tokens (multilingual): " + tokens);
    // the head of the suppress_tokens list in the Hugging Face whisper-tiny generation_config.json
    assertThat(tokens).startsWith(1, 2, 7, 8, 9, 10, 14, 25, 26, 27, 28, 29, 31, 58, 59, 60, 61, 62, 63, 90, 91, 92, 93,
        359, 503);
    assertThat(tokens).contains(multilingual.encode(" -")[0], multilingual.encode(" '")[0],
        multilingual.encode("♪")[0]);
    assertThat(tokens).doesNotContain(multilingual.encode(" the")[0], multilingual.encode("Hello")[0]);
  }

  @Test
  void specialTokensSitWhereWhisperModelsExpectThem() {
    assertThat(multilingual.endOfText()).isEqualTo(50257);
    assertThat(multilingual.startOfTranscript()).isEqualTo(50258);
    assertThat(multilingual.language("en")).isEqualTo(50259);
    assertThat(multilingual.language("zh")).isEqualTo(50260);
    assertThat(multilingual.translate()).isEqualTo(50358);
    assertThat(multilingual.transcribe()).isEqualTo(50359);
    assertThat(multilingual.special("<|startofprev|>")).isEqualTo(50361);
    assertThat(multilingual.noSpeech()).isEqualTo(50362);
    assertThat(multilingual.noTimestamps()).isEqualTo(50363);
    assertThat(multilingual.timestampBegin()).isEqualTo(50364);
    assertThat(multilingual.size()).isEqualTo(51865); // the vocabulary size of Whisper's multilingual models
    assertThat(gpt2.size()).isEqualTo(51864);          // and of the English-only ones
    assertThat(multilingual.decode(new int[] {50258, 50259, 50359, 50364})).isEqualTo(
        "<|startoftranscript|><|en|><|transcribe|><|0.00|>");
    assertThatThrownBy(() -> multilingual.language("xx")).hasMessageContaining("no language 'xx'");
    assertThatThrownBy(() -> multilingual.special("<|nope|>")).hasMessageContaining("no special token");
  }

  @Test
  void textRoundTripsAndTheMultilingualVocabularyIsDenserForOtherScripts() {
    String korean = "다람쥐 헌 쳇바퀴에 타고파"; // Whisper's own tokenizer test
    for (WhisperTokenizer t : new WhisperTokenizer[] {gpt2, multilingual}) {
      for (String text : new String[] {korean, " And so my fellow Americans, ask not what your country can do for you.",
          "naïve café — 12.5 × 8 = 100 🙂", "  spaces\tand\nlines  ", "it's we'll they'd"}) {
        assertThat(t.decode(t.encode(text))).isEqualTo(text);
      }
    }
    assertThat(gpt2.encode(korean).length).isGreaterThan(multilingual.encode(korean).length);
    int[] ids = multilingual.encode(" ask not");
    int[] withSpecials = new int[ids.length + 2];
    withSpecials[0] = multilingual.startOfTranscript();
    System.arraycopy(ids, 0, withSpecials, 1, ids.length);
    withSpecials[ids.length + 1] = multilingual.endOfText();
    assertThat(multilingual.decodeText(withSpecials)).isEqualTo(" ask not");
  }
}
