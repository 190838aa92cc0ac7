package dev.nexus.synthesis;

import dev.nexus.text.Sentences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.audio.Pcm;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.WordTiming;
import dev.nexus.synthesis.engine.Voice;
import dev.nexus.synthesis.espeak.EspeakSynthesizer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real espeak-ng through JNA, and the pipeline that streams it. */
class EspeakSynthesizerTest {
  static EspeakSynthesizer engine;
  static SynthesisPipeline pipeline;

  @BeforeAll
  static void load() {
    engine = new EspeakSynthesizer(20);
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
  void speaksAtTheRequestedRateInChunksOfAtMost40Ms() {
    for (int rate : new int[] {16000, 24000}) {
      Run run = run("The quick brown fox jumps over the lazy dog.", "alloy", rate);
      assertThat(run.outcome().completed()).isTrue();
      double seconds = run.pcm().length / 2.0 / rate;
      assertThat(seconds).isBetween(1.5, 5.0);
      assertThat(Pcm.rms(run.pcm())).isGreaterThan(0.02);
      assertThat(run.chunks()).allSatisfy(c -> {
        assertThat(c.sampleRate()).isEqualTo(rate);
        assertThat(c.durationMs()).isLessThanOrEqualTo(40.0);
      });
      for (int i = 0; i < run.chunks().size(); i++) {
        assertThat(run.chunks().get(i).seq()).isEqualTo(i);
      }
      assertThat(run.outcome().audioMs()).isEqualTo((long) (seconds * 1000));
    }
  }

  @Test
  void wordTimingsNameEveryWordInOrderWithRisingOffsets() {
    String text = "Hello world. This is Nexus, speaking clearly!";
    Run run = run(text, "nova", 24000);
    List<WordTiming> words = run.words();
    assertThat(words).extracting(WordTiming::word)
        .containsExactly("Hello", "world", "This", "is", "Nexus", "speaking", "clearly");
    for (WordTiming w : words) {
      assertThat(text.substring(w.textOffset(), w.textOffset() + w.word().length())).isEqualTo(w.word());
    }
    for (int i = 1; i < words.size(); i++) {
      assertThat(words.get(i).startMs()).isGreaterThan(words.get(i - 1).startMs());
    }
    for (AudioChunk c : run.chunks()) {
      for (WordTiming w : c.words()) {
        assertThat(w.startMs()).isGreaterThanOrEqualTo(c.startMs());
      }
    }
    assertThat(words.get(words.size() - 1).startMs()).isLessThan(run.outcome().audioMs());
  }

  @Test
  void stoppingTheStreamStopsTheEngineWithinOneChunk() {
    List<AudioChunk> got = new ArrayList<>();
    String text = "One two three four five six seven eight nine ten. ".repeat(10);
    SynthesisPipeline.Outcome outcome = pipeline.run("r", text, engine.voice("alloy").orElseThrow(), 1.0, 1.0,
        16000, 40, chunk -> {
          got.add(chunk);
          return got.size() < 5;
        });
    assertThat(outcome.completed()).isFalse();
    assertThat(got).hasSize(5);
    assertThat(outcome.chunks()).isEqualTo(5);
  }

  @Test
  void voicesIncludeOpenAiNamesLanguagesAndVariants() {
    assertThat(engine.voices()).extracting(Voice::id).contains("alloy", "nova", "en-us", "en-gb", "fr-fr").doesNotHaveDuplicates();
    assertThat(engine.voice("NOVA")).get().extracting(Voice::gender).isEqualTo("female");
    assertThat(engine.voice("en-us+f3")).get().extracting(Voice::spec).isEqualTo("English (America)+f3");
    assertThat(engine.voice("en-us+nonsense")).isEmpty();
    assertThat(engine.voice("xx-yy+f3")).isEmpty();
    assertThat(engine.voice("klingon")).isEmpty();
    assertThat(engine.version()).isNotBlank();
    assertThat(engine.name()).isEqualTo("espeak");
    assertThat(engine.sampleRate()).isEqualTo(22050);
    assertThatThrownBy(() -> engine.synthesize("x", new Voice("bad", "bad", "x", "male", "espeak", "zz-nothing"),
        1, 1, null)).hasMessageContaining("no voice 'zz-nothing'");
  }

  @Test
  void everyOpenAiVoiceNameAndSomeLanguagesActuallySpeak() {
    List<String> ids = new ArrayList<>(EspeakSynthesizer.OPENAI_ALIASES.keySet());
    ids.addAll(List.of("en-gb", "en-us", "fr-fr", "de", "en-gb+m1"));
    for (String id : ids) {
      Run run = run("Hello there, this is a voice check.", id, 16000);
      assertThat(run.outcome().completed()).as(id).isTrue();
      assertThat(Pcm.rms(run.pcm())).as(id).isGreaterThan(0.02);
    }
  }

  @Test
  void phonemizesToEspeakNgIpaClauseByClause() {
    assertThat(engine.phonemize("Hello world, this is Nexus.", "en-us"))
        .containsExactly("həlˈoʊ wˈɜːld", "ðɪs ɪz nˈɛksəs");
    assertThatThrownBy(() -> engine.phonemize("x", "klingon")).hasMessageContaining("no voice 'klingon'");
  }

  @Test
  void speedShortensAndSlowsTheSpeech() {
    String text = "Speaking rate changes how long this sentence takes to say.";
    Voice voice = engine.voice("alloy").orElseThrow();
    long normal = pipeline.run("r", text, voice, 1.0, 1.0, 16000, 40, c -> true).audioMs();
    long fast = pipeline.run("r", text, voice, 2.0, 1.0, 16000, 40, c -> true).audioMs();
    long slow = pipeline.run("r", text, voice, 0.6, 1.0, 16000, 40, c -> true).audioMs();
    assertThat(fast).isLessThan(normal * 3 / 4);
    assertThat(slow).isGreaterThan(normal * 5 / 4);
  }
}
