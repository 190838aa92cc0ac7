package dev.nexus.synthesis;

import dev.nexus.synthesis.engine.Voice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.config.ConfigLoader;
import dev.nexus.config.Settings;
import dev.nexus.speech.pocketsphinx.PocketSphinxRecognizer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Round-trip intelligibility: the 50 everyday sentences of {@code intelligibility/sentences.txt},
 * synthesized with the podcast's default host voices (as the embedded configuration names them),
 * transcribed by PocketSphinx in-process, scored by word error rate. bench/README.md has the table
 * for every voice.
 */
class IntelligibilityTest {
  static Vertx vertx;
  static SynthesisEngines engines;
  static PocketSphinxRecognizer recognizer;
  static Settings podcast;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    ConfigLoader loader = new ConfigLoader(vertx, null);
    Settings synthesis = loader.load("synthesis").await(30, TimeUnit.SECONDS);
    podcast = loader.load("podcast").await(30, TimeUnit.SECONDS);
    engines = SynthesisEngines.load(SynthesisEngines.of(synthesis, synthesis.string("engine", "flite"), Path.of(".")));
    recognizer = new PocketSphinxRecognizer(PocketSphinxRecognizer.DEBIAN_MODEL, 2);
  }

  @AfterAll
  static void stop() throws Exception {
    recognizer.close();
    engines.close();
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  static List<String> sentences() throws IOException {
    try (InputStream in = IntelligibilityTest.class.getResourceAsStream("/intelligibility/sentences.txt")) {
      return Intelligibility.sentences(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void theDefaultPodcastVoicesAreFliteOneFemaleOneMaleAndRoundTripAtAWordErrorRateOfAtMost020() throws Exception {
    List<String> sentences = sentences();
    assertThat(sentences).hasSize(50).doesNotHaveDuplicates().allSatisfy(s -> assertThat(s).doesNotContainPattern("\\d"));
    Settings hosts = podcast.section("hosts");
    List<Voice> voices = new ArrayList<>();
    for (String key : List.of("first-voice", "second-voice")) {
      voices.add(engines.voice(hosts.string(key, "")).orElseThrow(() -> new AssertionError("podcast.yaml " + key)));
    }
    assertThat(voices).extracting(Voice::engine).containsOnly("flite");
    assertThat(voices).extracting(Voice::gender).containsExactlyInAnyOrder("female", "male");
    for (Voice voice : voices) {
      Intelligibility.Score score = Intelligibility.measure(engines.pipeline(voice), voice, recognizer, sentences);
      assertThat(score.words()).isGreaterThan(400);
      assertThat(score.emptyTranscripts()).as(voice.id() + ": sentences with no transcript").isZero();
      assertThat(score.transcripts()).hasSize(50);
      assertThat(score.wer()).as(voice.id() + " word error rate; transcripts: " + score.transcripts())
          .isLessThanOrEqualTo(0.20);
    }
  }

  @Test
  void theMeasureTellsARoboticVoiceFromANaturalOne() throws Exception {
    List<String> first = sentences().subList(0, 10);
    Voice espeak = engines.voice("en-us").orElseThrow();
    Intelligibility.Score robotic = Intelligibility.measure(engines.pipeline(espeak), espeak, recognizer, first);
    Voice flite = engines.voice("cmu_us_awb").orElseThrow();
    Intelligibility.Score natural = Intelligibility.measure(engines.pipeline(flite), flite, recognizer, first);
    assertThat(robotic.engine()).isEqualTo("espeak");
    assertThat(robotic.wer()).isGreaterThan(0.5).isGreaterThan(natural.wer() + 0.3);
  }

  @Test
  void wordsAreScoredByEditDistanceAfterNormalising() {
    assertThat(Intelligibility.words("It's twenty-five past NINE, O'Brien! 'Quoted'"))
        .containsExactly("it's", "twenty", "five", "past", "nine", "o'brien", "quoted");
    assertThat(Intelligibility.distance(List.of("a", "b", "c"), List.of("a", "x", "c", "d"))).isEqualTo(2);
    assertThat(Intelligibility.distance(List.of("a", "b"), List.of())).isEqualTo(2);
    assertThat(Intelligibility.distance(List.of(), List.of("a"))).isEqualTo(1);
    assertThat(Intelligibility.distance(List.of("the", "cat", "sat"), List.of("the", "cat", "sat"))).isZero();
    assertThat(Intelligibility.sentences("# comment\n\n One. \nTwo.\n")).containsExactly("One.", "Two.");
    assertThat(new Intelligibility.Score("v", "e", 0, 0, 0, List.of()).wer()).isZero();
    assertThat(new Intelligibility.Score("v", "e", 8, 2, 0, List.of()).wer()).isEqualTo(0.25);
  }
}
