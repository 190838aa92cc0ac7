package dev.nexus.synthesis;

import dev.nexus.synthesis.engine.Voice;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import dev.nexus.text.Sentences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.audio.Pcm;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.WordTiming;
import dev.nexus.synthesis.flite.FliteSynthesizer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real Flite through JNA (Debian's flite voices), and the pipeline that streams it. */
class FliteSynthesizerTest {
  static FliteSynthesizer engine;
  static SynthesisPipeline pipeline;

  @BeforeAll
  static void load() {
    engine = new FliteSynthesizer();
    pipeline = new SynthesisPipeline(engine, new Sentences(200));
  }

  record Run(SynthesisPipeline.Outcome outcome, List<AudioChunk> chunks, byte[] pcm) {
    List<WordTiming> words() {
      return chunks.stream().flatMap(c -> c.words().stream()).toList();
    }
  }

  static Run run(String text, String voice, int rate) {
    List<AudioChunk> chunks = new ArrayList<>();
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    SynthesisPipeline.Outcome outcome = pipeline.run("r", text, engine.voice(voice).orElseThrow(), 1.0, 1.0,
        rate, 40, chunk -> {
          chunks.add(chunk);
          pcm.writeBytes(chunk.pcm());
          return true;
        });
    return new Run(outcome, chunks, pcm.toByteArray());
  }

  @Test
  void offersTheDebianVoicesAndEveryOpenAiNameWithLabels() {
    assertThat(engine.name()).isEqualTo("flite");
    assertThat(engine.sampleRate()).isEqualTo(16000);
    assertThat(engine.voices()).extracting(Voice::id).doesNotHaveDuplicates()
        .contains("cmu_us_slt", "cmu_us_rms", "cmu_us_awb", "cmu_us_kal")
        .containsAll(FliteSynthesizer.OPENAI_ALIASES.keySet())
        .contains("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse",
            "marin", "cedar");
    assertThat(engine.voices()).allSatisfy(v -> {
      assertThat(v.engine()).isEqualTo("flite");
      assertThat(v.language()).startsWith("en");
      assertThat(v.gender()).isIn("female", "male");
      assertThat(v.name()).contains("Flite");
    });
    assertThat(engine.voice("cmu_us_slt")).get().extracting(Voice::gender).isEqualTo("female");
    assertThat(engine.voice("CMU_US_AWB")).get().extracting(Voice::gender).isEqualTo("male");
    Voice marin = engine.voice("marin").orElseThrow();
    Voice cedar = engine.voice("cedar").orElseThrow();
    assertThat(marin.spec()).isNotEqualTo(cedar.spec());
    assertThat(List.of(marin.gender(), cedar.gender())).containsExactlyInAnyOrder("female", "male");
    assertThat(engine.voice("klingon")).isEmpty();
  }

  @Test
  void everyVoiceSpeaksAudiblyAt16kHzInChunksOfAtMost40Ms() {
    for (Voice voice : engine.voices()) {
      Run run = run("Hello there, this is a voice check.", voice.id(), 16000);
      assertThat(run.outcome().completed()).as(voice.id()).isTrue();
      assertThat(run.pcm().length / 2.0 / 16000).as(voice.id()).isBetween(1.0, 4.0);
      assertThat(Pcm.rms(run.pcm())).as(voice.id()).isGreaterThan(0.02);
      assertThat(run.chunks()).allSatisfy(c -> assertThat(c.durationMs()).isLessThanOrEqualTo(40.0));
    }
  }

  @Test
  void wordTimingsCoverEveryTokenAreMonotonicAndLieWithinTheAudio() {
    String text = "At 20 past nine, the \"quick\" fox didn't stop; it jumped over 3 dogs. Then it slept.";
    Run run = run(text, "cmu_us_slt", 24000);
    List<WordTiming> words = run.words();
    assertThat(words).extracting(WordTiming::word).containsExactly("At", "20", "past", "nine", "the", "quick", "fox",
        "didn't", "stop", "it", "jumped", "over", "3", "dogs", "Then", "it", "slept");
    long audioMs = run.outcome().audioMs();
    long previous = -1;
    for (WordTiming w : words) {
      assertThat(text.substring(w.textOffset(), w.textOffset() + w.word().length())).isEqualTo(w.word());
      assertThat(w.startMs()).as(w.word()).isGreaterThan(previous).isLessThan(audioMs);
      previous = w.startMs();
    }
    // the second sentence's words follow the first sentence's audio
    assertThat(words.get(14).startMs()).isGreaterThan(audioMs / 2);
    // the words' chunks carry them: each word lies in the chunk it arrives with, or before it started
    for (AudioChunk c : run.chunks()) {
      assertThat(c.words()).allSatisfy(w -> assertThat(w.startMs()).isGreaterThanOrEqualTo(c.startMs())
          .isLessThan(c.startMs() + 40));
    }
  }

  @Test
  void theFirstWordStartsAfterTheLeadingSilence() {
    Run run = run("Morning everyone.", "cmu_us_awb", 16000);
    long first = run.words().get(0).startMs();
    assertThat(first).isGreaterThan(20);
    int firstSample = (int) (first * 16);
    byte[] before = java.util.Arrays.copyOfRange(run.pcm(), 0, Math.max(2, (firstSample - 320) * 2));
    byte[] speech = java.util.Arrays.copyOfRange(run.pcm(), firstSample * 2, Math.min(run.pcm().length,
        (firstSample + 8000) * 2));
    assertThat(Pcm.rms(before)).as("level before the first word").isLessThan(Pcm.rms(speech) / 5);
  }

  @Test
  void aSinkThatStopsEndsSynthesisWithinOnePieceAndTheNextRunIsWhole() {
    String text = "This sentence keeps going so that there is plenty of audio left to cancel when we stop it early.";
    AtomicInteger pieces = new AtomicInteger();
    AtomicInteger afterStop = new AtomicInteger();
    int[] samples = {0};
    engine.synthesize(text, engine.voice("nova").orElseThrow(), 1.0, 1.0, new SpeechSynthesizer.Sink() {
      @Override
      public boolean audio(float[] audio) {
        if (pieces.get() >= 3) {
          afterStop.incrementAndGet();
        }
        samples[0] += audio.length;
        return pieces.incrementAndGet() < 3;
      }

      @Override
      public void word(int textOffset, int length, long audioMs) {
      }
    });
    assertThat(pieces.get()).isEqualTo(3);
    assertThat(afterStop.get()).as("audio after the sink said stop").isZero();
    assertThat(samples[0]).isLessThan(16000); // the whole sentence is several seconds
    Run whole = run(text, "nova", 16000);
    assertThat(whole.outcome().completed()).isTrue();
    assertThat(whole.outcome().audioMs()).isGreaterThan(4000);
    assertThat(whole.words()).hasSize(19);
  }

  @Test
  void speedAndPitchChangeTheSpeech() {
    String text = "Speaking rate changes how long this sentence takes to say.";
    Voice voice = engine.voice("cmu_us_kal").orElseThrow();
    long normal = pipeline.run("r", text, voice, 1.0, 1.0, 16000, 40, c -> true).audioMs();
    long fast = pipeline.run("r", text, voice, 2.0, 1.0, 16000, 40, c -> true).audioMs();
    long slow = pipeline.run("r", text, voice, 0.6, 1.0, 16000, 40, c -> true).audioMs();
    assertThat(fast).isLessThan(normal * 3 / 4);
    assertThat(slow).isGreaterThan(normal * 5 / 4);
    // the clustergen voice slt takes f0_shift, the diphone voice kal its target mean
    Voice slt = engine.voice("cmu_us_slt").orElseThrow();
    double sltHz = SynthesisServerTest.medianPitchHz(audio(text, slt, 1.0), 16000);
    assertThat(SynthesisServerTest.medianPitchHz(audio(text, slt, 0.75), 16000)).as("slt at pitch 0.75")
        .isLessThan(sltHz * 0.9);
    Voice kal = engine.voice("cmu_us_kal").orElseThrow();
    double kalHz = SynthesisServerTest.medianPitchHz(audio(text, kal, 1.0), 16000);
    assertThat(SynthesisServerTest.medianPitchHz(audio(text, kal, 1.4), 16000)).as("kal at pitch 1.4")
        .isGreaterThan(kalHz * 1.15);
  }

  static float[] audio(String text, Voice voice, double pitch) {
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    pipeline.run("r", text, voice, 1.0, pitch, 16000, 40, c -> {
      pcm.writeBytes(c.pcm());
      return true;
    });
    byte[] bytes = pcm.toByteArray();
    return Pcm.toFloats(bytes, 0, bytes.length);
  }

  @Test
  void anUnknownVoiceSpecIsRefused() {
    assertThatThrownBy(() -> engine.synthesize("x", new Voice("bad", "bad", "en", "male", "flite", "nothing"),
        1, 1, null)).hasMessageContaining("no voice 'nothing'");
  }
}
