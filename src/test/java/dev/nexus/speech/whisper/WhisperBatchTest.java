package dev.nexus.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtSession;
import dev.nexus.TestSupport;
import dev.nexus.speech.engine.BatchPolicy;
import dev.nexus.speech.engine.SpeechRecognizer.Transcript;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whisper windows of several sessions batched into shared model calls decode exactly what each decodes alone. */
class WhisperBatchTest {
  static final int WINDOWS = 4;

  /** Distinct audio per session: tones of different pitch and length in noise. */
  static float[] audio(int session) {
    Random random = new Random(40 + session);
    float[] samples = new float[16000 * (2 + 3 * session)];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) (0.3 * Math.sin(2 * Math.PI * (150 + 90 * session) * i / 16000.0)
          + 0.05 * random.nextGaussian());
    }
    return samples;
  }

  static Path model(String layout) {
    return Path.of("src/test/resources/models/" + layout);
  }

  @ParameterizedTest
  @ValueSource(strings = {"whisper-tiny-random", "whisper-tiny-random-merged"})
  void windowsDecodedInOneBatchGetTheTokensAndLanguagesTheyGetAlone(String layout) throws Exception {
    try (WhisperRecognizer whisper = new WhisperRecognizer(model(layout), TestSupport.models().resolve("whisper"))) {
      List<WhisperRecognizer.Window> windows = new ArrayList<>();
      for (int s = 0; s < WINDOWS; s++) { // half with a language given, half detected
        windows.add(new WhisperRecognizer.Window(whisper.features(audio(s))[0], s % 2 == 0 ? "en" : null, 224));
      }
      List<WhisperRecognizer.WindowResult> batched = whisper.transcribeWindows(windows);
      assertThat(batched).hasSize(WINDOWS);
      for (int s = 0; s < WINDOWS; s++) {
        WhisperRecognizer.WindowResult alone = whisper.transcribeWindows(List.of(windows.get(s))).get(0);
        assertThat(batched.get(s).tokens()).as("window " + s + " tokens").containsExactly(alone.tokens());
        assertThat(batched.get(s).language()).as("window " + s + " language").isEqualTo(alone.language());
        assertThat(alone.tokens()).as("window " + s + " decodes something").isNotEmpty();
      }
      // the windows do not all decode the same sequence, so equality is not a constant answer
      assertThat(batched.stream().map(r -> List.of(r.tokens())).distinct()).hasSizeGreaterThan(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"whisper-tiny-random", "whisper-tiny-random-merged"})
  void concurrentSessionsSharingTheModelGetTheTranscriptsTheyGetAlone(String layout) throws Exception {
    Path assets = TestSupport.models().resolve("whisper");
    List<Transcript> alone = new ArrayList<>();
    try (WhisperRecognizer whisper = new WhisperRecognizer(model(layout), assets)) {
      for (int s = 0; s < WINDOWS; s++) {
        alone.add(whisper.transcribe(audio(s), s % 2 == 0 ? "en" : null));
      }
    }
    // a batch waits for all four (or 60 s), so the four sessions share every model call whatever the scheduling
    ExecutorService sessions = Executors.newFixedThreadPool(WINDOWS);
    try (WhisperRecognizer shared = new WhisperRecognizer(model(layout), assets, new OrtSession.SessionOptions(),
        new BatchPolicy(WINDOWS, 60_000))) {
      List<Future<Transcript>> results = new ArrayList<>();
      for (int s = 0; s < WINDOWS; s++) {
        int session = s;
        results.add(sessions.submit(() -> shared.transcribe(audio(session), session % 2 == 0 ? "en" : null)));
      }
      for (int s = 0; s < WINDOWS; s++) {
        Transcript t = results.get(s).get();
        assertThat(t.text()).as("session " + s + " text").isEqualTo(alone.get(s).text());
        assertThat(t.language()).as("session " + s + " language").isEqualTo(alone.get(s).language());
        assertThat(t.segments()).as("session " + s + " segments").isEqualTo(alone.get(s).segments());
      }
      assertThat(shared.meanBatch()).as("windows per model call").isEqualTo(WINDOWS);
    } finally {
      sessions.shutdownNow();
    }
  }
}
