package dev.nexus.speech.vad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtSession;
import dev.nexus.TestSupport;
import dev.nexus.speech.engine.BatchPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Silero VAD frames of several streams in one model call give what each stream gives alone. */
class SileroBatchTest {

  static float[] frame(Random random, int stream, int index) {
    float[] frame = new float[SileroVad.FRAME];
    for (int i = 0; i < frame.length; i++) {
      double t = (index * SileroVad.FRAME + i) / 16000.0;
      frame[i] = (float) ((stream % 2 == 0 ? 0.4 * Math.sin(2 * Math.PI * (120 + 40 * stream) * t) : 0)
          + 0.02 * random.nextGaussian());
    }
    return frame;
  }

  @Test
  void batchedProbabilitiesEqualEachStreamAlone() throws Exception {
    try (SileroVad vad = new SileroVad(TestSupport.models().resolve("silero_vad.onnx"))) {
      int streams = 5;
      int frames = 40;
      Random random = new Random(20);
      float[][][] audio = new float[streams][frames][];
      for (int s = 0; s < streams; s++) {
        for (int f = 0; f < frames; f++) {
          audio[s][f] = frame(random, s, f);
        }
      }
      float[][] alone = new float[streams][frames];
      for (int s = 0; s < streams; s++) {
        SileroVad.Stream stream = vad.stream();
        for (int f = 0; f < frames; f++) {
          alone[s][f] = stream.probability(audio[s][f]);
        }
      }
      List<SileroVad.Stream> batch = new ArrayList<>();
      for (int s = 0; s < streams; s++) {
        batch.add(vad.stream());
      }
      float[][] batched = new float[streams][frames];
      for (int f = 0; f < frames; f++) {
        List<float[]> now = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
          now.add(audio[s][f]);
        }
        float[] p = vad.probabilities(batch, now);
        for (int s = 0; s < streams; s++) {
          batched[s][f] = p[s];
        }
      }
      for (int s = 0; s < streams; s++) {
        assertThat(batched[s]).as("stream " + s).containsExactly(alone[s]);
      }
      // the streams differ (speech-like tone against noise), so equality is not a constant answer
      assertThat(alone[0][frames - 1]).isNotEqualTo(alone[1][frames - 1]);
      // and a batch leaves each stream where a lone call would: the next lone frame agrees too
      float next = batch.get(2).probability(audio[2][0]);
      SileroVad.Stream replay = vad.stream();
      for (int f = 0; f < frames; f++) {
        replay.probability(audio[2][f]);
      }
      assertThat(next).isEqualTo(replay.probability(audio[2][0]));
    }
  }

  @Test
  void aBatchNeedsOneFrameForEachDistinctStream() throws Exception {
    try (SileroVad vad = new SileroVad(TestSupport.models().resolve("silero_vad.onnx"))) {
      SileroVad.Stream a = vad.stream();
      float[] frame = new float[SileroVad.FRAME];
      assertThatThrownBy(() -> vad.probabilities(List.of(a, a), List.of(frame, frame)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> vad.probabilities(List.of(a), List.of(frame, frame)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> vad.probabilities(List.of(a), List.of(new float[3])))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void concurrentStreamsBatchedByTheSharedModelGetTheProbabilitiesTheyGetAlone() throws Exception {
    int streams = 5;
    int frames = 30;
    float[][][] audio = new float[streams][frames][];
    Random random = new Random(21);
    for (int s = 0; s < streams; s++) {
      for (int f = 0; f < frames; f++) {
        audio[s][f] = frame(random, s, f);
      }
    }
    float[][] alone = new float[streams][frames];
    try (SileroVad vad = new SileroVad(TestSupport.models().resolve("silero_vad.onnx"))) {
      for (int s = 0; s < streams; s++) {
        SileroVad.Stream stream = vad.stream();
        for (int f = 0; f < frames; f++) {
          alone[s][f] = stream.probability(audio[s][f]);
        }
      }
    }
    // a batch waits for all five streams (or 60 s), so every model call holds one frame of each
    ExecutorService threads = Executors.newFixedThreadPool(streams);
    try (SileroVad shared = new SileroVad(TestSupport.models().resolve("silero_vad.onnx"),
        new OrtSession.SessionOptions(), new BatchPolicy(streams, 60_000))) {
      List<Future<float[]>> results = new ArrayList<>();
      for (int s = 0; s < streams; s++) {
        int index = s;
        results.add(threads.submit(() -> {
          SileroVad.Stream stream = shared.stream();
          float[] p = new float[frames];
          for (int f = 0; f < frames; f++) {
            p[f] = stream.probability(audio[index][f]);
          }
          return p;
        }));
      }
      for (int s = 0; s < streams; s++) {
        assertThat(results.get(s).get()).as("stream " + s).containsExactly(alone[s]);
      }
      assertThat(shared.meanBatch()).as("frames per model call").isEqualTo(streams);
    } finally {
      threads.shutdownNow();
    }
  }
}
