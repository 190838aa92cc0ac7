package dev.nexus.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import dev.nexus.models.WhisperConversion;
import dev.nexus.speech.engine.SpeechRecognizer;
import dev.nexus.speech.whisper.WhisperRecognizer;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Whisper engine against PyTorch, on a tiny Whisper-architecture model with random weights that
 * scripts/make_tiny_whisper.py exported in the Hugging Face ONNX layout, with the reference outputs it
 * computed (no real Whisper weights can be downloaded here). Features come from the Java front end,
 * itself checked against PyTorch in WhisperFrontEndTest.
 */
class WhisperParityTest {
  static final Path MODEL = Path.of("src/test/resources/models/whisper-tiny-random");
  /** The same weights with the decoders merged into one graph (whisper/merge_whisper_decoders.py in the jar). */
  static final Path MERGED = Path.of("src/test/resources/models/whisper-tiny-random-merged");
  static WhisperRecognizer whisper;
  static WhisperRecognizer merged;

  @BeforeAll
  static void load() throws Exception {
    whisper = new WhisperRecognizer(MODEL, TestSupport.models().resolve("whisper"));
    merged = new WhisperRecognizer(MERGED, TestSupport.models().resolve("whisper"));
  }

  @AfterAll
  static void close() {
    whisper.close();
    merged.close();
  }

  static float[] floats(String file) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(MODEL.resolve(file))).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }

  static double worst(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }

  @Test
  void encoderLogitsAndGreedyTokensMatchPyTorch() throws Exception {
    assertParity(whisper, "split decoders");
  }

  @Test
  void theMergedDecoderMatchesPyTorchToo() throws Exception {
    assertParity(merged, "merged decoder");
    assertTimestampParity(merged);
    assertThat(merged.transcribe(WhisperFrontEndTest.signal(), "en").text())
        .isEqualTo(whisper.transcribe(WhisperFrontEndTest.signal(), "en").text());
  }

  static void assertParity(WhisperRecognizer whisper, String layout) throws Exception {
    float[][][] states = whisper.encode(whisper.features(WhisperFrontEndTest.signal()));
    float[] flat = new float[states[0].length * states[0][0].length];
    for (int t = 0; t < states[0].length; t++) {
      System.arraycopy(states[0][t], 0, flat, t * states[0][0].length, states[0][0].length);
    }
    double encoderError = worst(flat, floats("reference-encoder.f32"));
    JsonObject reference = new JsonObject(Files.readString(MODEL.resolve("reference-tokens.json")));
    int[] prompt = reference.getJsonArray("prompt").stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    assertThat(whisper.prompt("en")).containsExactly(prompt);
    int[] expected = reference.getJsonArray("tokens").stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    WhisperRecognizer.Decoded decoded = whisper.decode(states, prompt, expected.length);
    double firstError = worst(decoded.firstLogits(), floats("reference-first-logits.f32"));
    double lastError = worst(decoded.lastLogits(), floats("reference-last-logits.f32"));
    System.out.printf("whisper parity (%s): encoder %.2e, first logits %.2e, last logits (through the cache) %.2e%n",
        layout, encoderError, firstError, lastError);
    assertThat(encoderError).isLessThan(1e-3);
    assertThat(firstError).isLessThan(1e-3);
    assertThat(lastError).isLessThan(1e-3);
    assertThat(decoded.tokens()).containsExactly(expected);
  }

  @Test
  void anOpenAiCheckpointConvertedToOnnxMatchesPyTorch(@TempDir Path dir) throws Exception {
    // what `models pull whisper-*` does after the download: the same weights, saved in OpenAI's checkpoint format
    Path out = dir.resolve("whisper-converted");
    new WhisperConversion(null).convert(MODEL.resolve("openai-checkpoint.pt"), out, line -> { });
    try (WhisperRecognizer converted = new WhisperRecognizer(out, TestSupport.models().resolve("whisper"))) {
      assertParity(converted, "converted from an OpenAI checkpoint");
      assertTimestampParity(converted);
    }
  }

  @Test
  void timestampRulesDecodeTheSameTokensAsWhisper() throws Exception {
    assertTimestampParity(whisper);
  }

  static void assertTimestampParity(WhisperRecognizer whisper) throws Exception {
    float[][][] states = whisper.encode(whisper.features(WhisperFrontEndTest.signal()));
    JsonObject reference = new JsonObject(Files.readString(MODEL.resolve("reference-tokens.json")));
    int[] prompt = reference.getJsonArray("timestamp_prompt").stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    int[] expected = reference.getJsonArray("timestamp_tokens").stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    assertThat(whisper.prompt("en", true)).containsExactly(prompt);
    WhisperRecognizer.Decoded decoded = whisper.decode(states, prompt, expected.length, true);
    assertThat(decoded.tokens()).containsExactly(expected);
    int begin = whisper.tokenizer().timestampBegin();
    assertThat(expected[0]).isGreaterThanOrEqualTo(begin).isLessThanOrEqualTo(begin + 50); // within 1 s
    List<SpeechRecognizer.Segment> segments = whisper.segments(new int[] {begin + 10,
        whisper.tokenizer().encode(" Hello")[0], begin + 60, begin + 60, whisper.tokenizer().encode(" again")[0], begin + 90}, 30_000);
    assertThat(segments).containsExactly(new SpeechRecognizer.Segment("Hello", 30_200, 31_200),
        new SpeechRecognizer.Segment("again", 31_200, 31_800));
  }

  @Test
  void readsTheOnnxCommunityLayoutWithGraphsInAnOnnxFolder(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("onnx"));
    for (String f : new String[] {"encoder_model.onnx", "decoder_model.onnx", "decoder_with_past_model.onnx"}) {
      Files.copy(MODEL.resolve(f), dir.resolve("onnx").resolve(f));
    }
    Files.copy(MODEL.resolve("config.json"), dir.resolve("config.json"));
    Files.copy(MODEL.resolve("generation_config.json"), dir.resolve("generation_config.json"));
    try (WhisperRecognizer community = new WhisperRecognizer(dir, TestSupport.models().resolve("whisper"))) {
      assertThat(community.transcribe(WhisperFrontEndTest.signal(), "en").text())
          .isEqualTo(whisper.transcribe(WhisperFrontEndTest.signal(), "en").text());
    }
    Files.delete(dir.resolve("onnx/decoder_with_past_model.onnx"));
    assertThatThrownBy(() -> new WhisperRecognizer(dir, TestSupport.models().resolve("whisper")))
        .hasMessageContaining("decoder_with_past_model.onnx is missing");
  }

  @Test
  void transcribesThroughTheRecognizerInterface() {
    SpeechRecognizer.Transcript t = whisper.transcribe(WhisperFrontEndTest.signal(), "en");
    assertThat(t.language()).isEqualTo("en");
    assertThat(t.text()).isNotBlank(); // random weights: the words mean nothing, the wiring is what counts
    assertThat(whisper.transcribe(WhisperFrontEndTest.signal(), null).language()).isNotBlank();
    try (SpeechRecognizer.Session session = whisper.start("en")) {
      assertThat(session.partial()).isEmpty();
      session.accept(WhisperFrontEndTest.signal());
      assertThat(session.partial()).isEqualTo(t.text());
      assertThat(session.finish().text()).isEqualTo(t.text());
      assertThat(session.finish().text()).isEmpty();
    }
    assertThat(whisper.name()).isEqualTo("whisper");
    assertThat(whisper.tokenizer().size()).isEqualTo(51865);
  }
}
