package dev.nexus.synthesis;

import dev.nexus.text.Sentences;
import dev.nexus.audio.Level;
import dev.nexus.audio.Pcm;
import dev.nexus.audio.StreamingResampler;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.WordTiming;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import dev.nexus.synthesis.engine.Voice;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns one text into a stream of fixed-size PCM16 chunks at the requested rate: segments the text,
 * runs the engine segment by segment, resamples, cuts chunks of at most {@code chunkMs}, and
 * attaches to each chunk the words that start inside it, with their offsets in the whole text and
 * in the whole audio.
 */
public final class SynthesisPipeline {
  private final SpeechSynthesizer engine;
  private final Sentences segmenter;
  private final double engineGain;

  public SynthesisPipeline(SpeechSynthesizer engine, Sentences segmenter) {
    this(engine, segmenter, 1.0);
  }

  /** @param engineGain this engine's level relative to the others (1.0: as it comes) */
  public SynthesisPipeline(SpeechSynthesizer engine, Sentences segmenter, double engineGain) {
    this.engine = engine;
    this.segmenter = segmenter;
    this.engineGain = engineGain;
  }

  /** What one run produced. */
  public record Outcome(boolean completed, int chunks, long audioMs) {
  }

  /**
   * Synthesizes the text; {@code emit} returns false to stop (cancellation), which stops the engine
   * within the chunk being produced.
   */
  public Outcome run(String requestId, String text, Voice voice, double speed, double pitch,
      int sampleRate, int chunkMs, Predicate<AudioChunk> emit) {
    return run(requestId, text, voice, speed, pitch, 1.0, sampleRate, chunkMs, emit);
  }

  /** Like the other run, at {@code volume} times the engine's level. */
  public Outcome run(String requestId, String text, Voice voice, double speed, double pitch, double volume,
      int sampleRate, int chunkMs, Predicate<AudioChunk> emit) {
    Stream stream = new Stream(requestId, text, sampleRate, chunkMs, emit);
    StreamingResampler resampler = new StreamingResampler(engine.sampleRate(), sampleRate);
    Level level = new Level(engineGain * volume, engine.sampleRate());
    for (Sentences.Segment segment : segmenter.split(text)) {
      long segmentStartMs = stream.producedMs();
      engine.synthesize(segment.text(), voice, speed, pitch, new SpeechSynthesizer.Sink() {
        @Override
        public boolean audio(float[] samples) {
          return stream.push(resampler.process(level.apply(samples), false));
        }

        @Override
        public void word(int textOffset, int length, long audioMs) {
          stream.word(segment, textOffset, length, segmentStartMs + audioMs);
        }
      });
      if (stream.stopped) {
        return new Outcome(false, stream.seq, stream.producedMs());
      }
    }
    boolean completed = stream.push(resampler.process(new float[0], true)) && stream.flush();
    return new Outcome(completed, stream.seq, stream.producedMs());
  }

  /** The state of one output stream: pending samples, pending words, the chunk counter. */
  private static final class Stream {
    final String requestId;
    final String text;
    final int rate;
    final int chunkSamples;
    final Predicate<AudioChunk> emit;
    final Deque<WordTiming> words = new ArrayDeque<>();
    float[] buffer = new float[0];
    int buffered;
    long emittedSamples;
    int seq;
    boolean stopped;

    Stream(String requestId, String text, int rate, int chunkMs, Predicate<AudioChunk> emit) {
      this.requestId = requestId;
      this.text = text;
      this.rate = rate;
      this.chunkSamples = Math.max(1, rate * chunkMs / 1000);
      this.emit = emit;
    }

    long producedMs() {
      return (emittedSamples + buffered) * 1000 / rate;
    }

    void word(Sentences.Segment segment, int textOffset, int length, long startMs) {
      int begin = segment.offset() + Math.max(0, Math.min(textOffset, segment.text().length()));
      int end = Math.min(text.length(), begin + Math.max(0, length));
      String word = text.substring(begin, end);
      if (!word.isBlank()) { // engines mark the end pause with an empty word
        words.add(new WordTiming(word, begin, startMs));
      }
    }

    boolean push(float[] samples) {
      if (stopped) {
        return false;
      }
      if (buffered + samples.length > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffered + samples.length, buffer.length * 2));
      }
      System.arraycopy(samples, 0, buffer, buffered, samples.length);
      buffered += samples.length;
      while (buffered >= chunkSamples && !stopped) {
        send(chunkSamples, false);
      }
      return !stopped;
    }

    boolean flush() {
      if (buffered > 0 || !words.isEmpty() || seq == 0) {
        send(buffered, true);
      }
      return !stopped;
    }

    void send(int samples, boolean last) {
      long startMs = emittedSamples * 1000 / rate;
      long endMs = (emittedSamples + samples) * 1000 / rate;
      List<WordTiming> inChunk = new ArrayList<>();
      while (!words.isEmpty() && (last || words.peek().startMs() < endMs)) {
        WordTiming w = words.poll();
        inChunk.add(w.startMs() < startMs ? new WordTiming(w.word(), w.textOffset(), startMs) : w);
      }
      byte[] pcm = Pcm.toBytes(buffer, 0, samples);
      System.arraycopy(buffer, samples, buffer, 0, buffered - samples);
      buffered -= samples;
      emittedSamples += samples;
      if (!emit.test(new AudioChunk(requestId, seq++, rate, startMs, pcm, inChunk))) {
        stopped = true;
      }
    }
  }
}
