package dev.nexus.synthesis.piper;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Piper's phoneme-to-id mapping against the voice config's own {@code phoneme_id_map}, read here
 * independently: BOS {@code ^}, then every known phoneme followed by the pad {@code _}, then EOS {@code $}.
 */
class PiperPhonemeIdsTest {
  static final Path VOICES = Path.of("src/test/resources/models/piper");
  static JsonObject map;
  static PiperSynthesizer piper;

  @BeforeAll
  static void load() throws Exception {
    map = new JsonObject(Files.readString(VOICES.resolve("nexus-tiny-random.onnx.json"))).getJsonObject("phoneme_id_map");
    piper = new PiperSynthesizer(VOICES, "nexus-tiny-random", null, new ai.onnxruntime.OrtSession.SessionOptions()); // the phonemizer is not used here
  }

  @AfterAll
  static void close() {
    piper.close();
  }

  static long id(String symbol) {
    assertThat(map.getJsonArray(symbol)).as("the voice config maps '%s'", symbol).hasSize(1);
    return map.getJsonArray(symbol).getLong(0);
  }

  @Test
  void everyPhonemeBecomesItsIdFromTheVoiceConfigFollowedByThePad() {
    String phonemes = "həlˈoʊ wˈɜːld, ðɪs ɪz æn ʌnˈɪkoʊd tˈɛst!";
    List<Long> expected = new ArrayList<>(List.of(id("^"), id("_")));
    phonemes.codePoints().forEach(cp -> {
      expected.add(id(new String(Character.toChars(cp))));
      expected.add(id("_"));
    });
    expected.add(id("$"));
    assertThat(piper.phonemeIds(phonemes)).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
    // the ids are the config's, not positions of some list of our own: spot-check a few by value
    assertThat(id("^")).isEqualTo(1);
    assertThat(id("ə")).isNotEqualTo(id("h"));
  }

  @Test
  void symbolsTheVoiceDoesNotKnowAreSkippedAndAnEmptyStringIsBosPadEos() {
    assertThat(map.containsKey("☃")).isFalse();
    assertThat(piper.phonemeIds("a☃b")).containsExactly(id("^"), id("_"), id("a"), id("_"), id("b"), id("_"), id("$"));
    assertThat(piper.phonemeIds("")).containsExactly(id("^"), id("_"), id("$"));
  }

  @Test
  void everySymbolOfTheConfigMapsToItsOwnIds() {
    for (String symbol : map.fieldNames()) {
      if (symbol.codePointCount(0, symbol.length()) != 1 || "^_$".contains(symbol)) {
        continue;
      }
      assertThat(piper.phonemeIds(symbol)).as(symbol).containsExactly(id("^"), id("_"), id(symbol), id("_"), id("$"));
    }
  }
}
