package dev.nexus.speech.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.nexus.audio.AudioDecoder;
import dev.nexus.speech.pocketsphinx.PocketSphinxRecognizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interface's own behaviour: its defaults, run over a real engine's sessions (PocketSphinx, reached through an
 * adapter that leaves the defaults in place), and the transcript record's normalisation.
 */
class SpeechRecognizerTest {
  private static final Path TESTDATA = Path.of("/usr/share/pocketsphinx/test/data");

  /** PocketSphinx's sessions behind the interface's default transcribe and checkLanguage. */
  private record Defaults(PocketSphinxRecognizer engine) implements SpeechRecognizer {
    @Override
    public String name() {
      return "defaults";
    }

    @Override
    public Session start(String language) {
      return engine.start(language);
    }

    @Override
    public void close() {
      engine.close();
    }
  }

  @Test
  void theDefaultTranscribeRunsOneSessionOverTheWholeRecording() throws Exception {
    float[] audio = AudioDecoder.decode(Files.readAllBytes(TESTDATA.resolve("goforward.raw")), 16000, 16000);
    try (SpeechRecognizer recognizer = new Defaults(new PocketSphinxRecognizer(PocketSphinxRecognizer.DEBIAN_MODEL, 1))) {
      SpeechRecognizer.Transcript transcript = recognizer.transcribe(audio, "en");
      assertThat(transcript.text()).isEqualTo("go forward ten meters");
      assertThat(transcript.words()).extracting(SpeechRecognizer.Word::text)
          .containsExactly("go", "forward", "ten", "meters");
    }
  }

  @Test
  void theDefaultLanguageCheckAcceptsAnyLanguage() {
    try (SpeechRecognizer recognizer = new Defaults(new PocketSphinxRecognizer(PocketSphinxRecognizer.DEBIAN_MODEL, 1))) {
      assertThatCode(() -> recognizer.checkLanguage("fr")).doesNotThrowAnyException();
      assertThatCode(() -> recognizer.checkLanguage(null)).doesNotThrowAnyException();
    }
  }

  @Test
  void aTranscriptHasEmptyListsForNoneGivenAndCopiesTheListsItIsGiven() {
    SpeechRecognizer.Transcript bare = new SpeechRecognizer.Transcript("hi", null, "en", null);
    assertThat(bare.words()).isEmpty();
    assertThat(bare.segments()).isEmpty();
    List<SpeechRecognizer.Word> words = new ArrayList<>(List.of(new SpeechRecognizer.Word("hi", 0, 200)));
    SpeechRecognizer.Transcript t = new SpeechRecognizer.Transcript("hi", words, "en");
    words.clear();
    assertThat(t.words()).containsExactly(new SpeechRecognizer.Word("hi", 0, 200));
    assertThat(t.segments()).isEmpty();
  }
}
