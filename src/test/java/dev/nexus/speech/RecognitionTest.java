package dev.nexus.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import dev.nexus.audio.AudioDecoder;
import dev.nexus.bus.SpeechEvent;
import dev.nexus.speech.engine.SpeechRecognizer;
import dev.nexus.speech.pocketsphinx.PocketSphinxRecognizer;
import dev.nexus.speech.vad.SileroVad;
import dev.nexus.speech.vad.VoiceActivityDetector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PocketSphinx and Silero VAD on real recorded speech. */
class RecognitionTest {
  static final Path TESTDATA = Path.of("/usr/share/pocketsphinx/test/data");
  static PocketSphinxRecognizer recognizer;
  static SileroVad vad;

  @BeforeAll
  static void load() throws Exception {
    recognizer = new PocketSphinxRecognizer(PocketSphinxRecognizer.DEBIAN_MODEL, 2);
    vad = new SileroVad(TestSupport.models().resolve("silero_vad.onnx"));
  }

  @AfterAll
  static void close() {
    recognizer.close();
    vad.close();
  }

  static float[] raw(String name) throws Exception {
    return AudioDecoder.decode(Files.readAllBytes(TESTDATA.resolve(name)), 16000, 16000);
  }

  @Test
  void recognisesRecordedSpeechWithWordTimes() throws Exception {
    SpeechRecognizer.Transcript t = recognizer.transcribe(raw("goforward.raw"), "en");
    assertThat(t.text()).isEqualTo("go forward ten meters");
    assertThat(t.words()).extracting(SpeechRecognizer.Word::text).containsExactly("go", "forward", "ten", "meters");
    for (int i = 1; i < t.words().size(); i++) {
      assertThat(t.words().get(i).startMs()).isGreaterThanOrEqualTo(t.words().get(i - 1).endMs());
    }
    assertThat(t.words().get(0).startMs()).isBetween(300L, 600L);
  }

  @Test
  void streamsPartialsWhileAudioArrivesAndReusesDecoders() throws Exception {
    float[] audio = raw("goforward.raw");
    for (int round = 0; round < 3; round++) {
      SpeechRecognizer.Session session = recognizer.start(null);
      List<String> partials = new ArrayList<>();
      for (int at = 0; at < audio.length; at += 1600) {
        session.accept(Arrays.copyOfRange(audio, at, Math.min(audio.length, at + 1600)));
        partials.add(session.partial());
      }
      assertThat(partials).anyMatch(p -> p.startsWith("go forward"));
      assertThat(session.finish().text()).isEqualTo("go forward ten meters");
      assertThat(session.partial()).isEmpty();
      assertThat(session.finish().text()).isEmpty();
      session.accept(audio); // a second utterance in the same session
      assertThat(session.finish().text()).isEqualTo("go forward ten meters");
      session.close();
      assertThatThrownBy(() -> session.accept(new float[10])).hasMessageContaining("closed");
      assertThat(session.finish().text()).isEmpty();
    }
    assertThatThrownBy(() -> recognizer.start("fr")).hasMessageContaining("English only");
    recognizer.checkLanguage("en-GB");
    recognizer.checkLanguage(" ");
    assertThat(recognizer.name()).isEqualTo("pocketsphinx");
  }

  @Test
  void vadFindsTheSpeechInARecordingAndNoneInSilence() throws Exception {
    float[] jfk = AudioDecoder.decode(Files.readAllBytes(TestSupport.jfkFlac()), 16000, 16000);
    assertThat(jfk.length).isBetween(16000 * 10, 16000 * 12);
    VoiceActivityDetector detector = new VoiceActivityDetector(vad.stream(), VoiceActivityDetector.Params.DEFAULT);
    List<VoiceActivityDetector.Event> events = new ArrayList<>();
    for (int at = 0; at < jfk.length; at += 480) { // 30 ms pieces, not aligned to the 32 ms frames
      events.addAll(detector.accept(Arrays.copyOfRange(jfk, at, Math.min(jfk.length, at + 480))));
    }
    events.addAll(detector.accept(new float[16000])); // a second of silence ends the last utterance
    assertThat(events).isNotEmpty();
    assertThat(events.get(0).started()).isTrue();
    assertThat(events.get(0).ms()).isLessThan(1000);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).started()).isEqualTo(i % 2 == 0);
      if (i > 0) {
        assertThat(events.get(i).sample()).isGreaterThan(events.get(i - 1).sample());
      }
    }
    assertThat(events.get(events.size() - 1).started()).isFalse();
    assertThat(events.get(events.size() - 1).ms()).isBetween(9500L, 11500L);
    assertThat(detector.speaking()).isFalse();

    VoiceActivityDetector quiet = new VoiceActivityDetector(vad.stream(), VoiceActivityDetector.Params.DEFAULT);
    assertThat(quiet.accept(new float[16000 * 3])).isEmpty();
    assertThat(quiet.position()).isEqualTo(16000 * 3 / 512 * 512);
    assertThatThrownBy(() -> vad.stream().probability(new float[100])).hasMessageContaining("512");
  }

  @Test
  void anUtteranceLongerThanTheLimitIsEndedThereAndTheNextBeginsAtOnce() throws Exception {
    float[] jfk = AudioDecoder.decode(Files.readAllBytes(TestSupport.jfkFlac()), 16000, 16000);
    // with VAD: Kennedy's long first sentence, with a 3 s limit and a generous silence window
    VoiceActivityDetector detector = new VoiceActivityDetector(vad.stream(),
        new VoiceActivityDetector.Params(0.5, 300, 2000));
    UtteranceStream stream = new UtteranceStream("long", recognizer, "en", 16000, detector, 300, 300, 3);
    List<SpeechEvent> events = new ArrayList<>();
    for (int at = 0; at < jfk.length; at += 1600) {
      events.addAll(stream.accept(Arrays.copyOfRange(jfk, at, Math.min(jfk.length, at + 1600))));
    }
    for (int i = 0; i < 30; i++) { // 3 s of silence end the last one
      events.addAll(stream.accept(new float[1600]));
    }
    List<SpeechEvent> finals = events.stream().filter(e -> e.type().equals("final")).toList();
    assertThat(finals.size()).as("11 s of speech in pieces of at most 3 s").isGreaterThanOrEqualTo(4);
    long previous = -1;
    for (var e : events.stream().filter(e -> !e.type().equals("partial")).toList()) {
      assertThat(e.audioMs()).isGreaterThanOrEqualTo(previous);
      previous = e.audioMs();
    }
    for (var fin : finals) { // no utterance outlasts the limit
      long started = events.stream().filter(e -> e.type().equals("speech_started") && e.utterance() == fin.utterance())
          .findFirst().orElseThrow().audioMs();
      // the limit counts the audio fed, in whole pieces; the VAD dates a start a little before it confirms it
      assertThat(fin.audioMs() - started).as("utterance " + fin.utterance()).isLessThanOrEqualTo(3500);
    }
    // every piece of the speech was heard (the last may hold only the silence before the VAD's end)
    assertThat(finals.subList(0, finals.size() - 1)).allSatisfy(f -> assertThat(f.text()).isNotBlank());
    assertThat(events.get(events.size() - 1).type()).isEqualTo("final");
    stream.close();

    // without VAD (manual commits): the limit ends the utterance the same way
    UtteranceStream manual = new UtteranceStream("manual", recognizer, "en", 16000, null, 300, 300, 2);
    List<SpeechEvent> got = new ArrayList<>();
    for (int at = 0; at < 16000 * 5; at += 1600) {
      got.addAll(manual.accept(Arrays.copyOfRange(jfk, at, at + 1600)));
    }
    got.addAll(manual.commit());
    assertThat(got.stream().filter(e -> e.type().equals("final")).count()).isEqualTo(3);
    assertThat(got).noneMatch(e -> e.type().equals("speech_started") || e.type().equals("speech_stopped"));
    manual.close();
  }
}
