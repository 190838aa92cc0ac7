package dev.nexus.speech.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.nexus.speech.engine.BatchPolicy;
import dev.nexus.speech.engine.Batcher;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Silero VAD v5 on ONNX Runtime: the probability that a 32 ms frame (512 samples at 16 kHz) is speech.
 * One model serves every stream; each stream keeps its own recurrent state and the 64 samples of
 * context the model expects before each frame. With batching on, concurrent streams' frames go to the model together
 * ({@link #probabilities}), gathered by a {@link Batcher}.
 */
public final class SileroVad implements AutoCloseable {
  public static final int SAMPLE_RATE = 16000;
  public static final int FRAME = 512;
  private static final int CONTEXT = 64;

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  /** Null when batching is off. */
  private final Batcher<Frame, Float> batcher;

  /** One stream's next frame, waiting for a batch. */
  private record Frame(Stream stream, float[] samples) {
  }

  /** The model on the CPU, one thread: a 32 ms frame is too little work to share out. */
  public SileroVad(Path model) throws OrtException {
    this(model, single());
  }

  /** The model with the given session options: device and threads ({@link dev.nexus.capability.OnnxSessions}). */
  public SileroVad(Path model, OrtSession.SessionOptions options) throws OrtException {
    this(model, options, BatchPolicy.OFF);
  }

  /** The model with the given session options, batching concurrent streams' frames as {@code batching} says. */
  public SileroVad(Path model, OrtSession.SessionOptions options, BatchPolicy batching) throws OrtException {
    if (!Files.isRegularFile(model)) {
      throw new IllegalStateException("Silero VAD model missing: " + model + " (java -jar nexus.jar models pull silero-vad)");
    }
    session = env.createSession(model.toString(), options);
    batcher = batching.on() ? new Batcher<>(batching, frames -> {
      float[] p = probabilities(frames.stream().map(Frame::stream).toList(),
          frames.stream().map(Frame::samples).toList());
      return IntStream.range(0, p.length).mapToObj(i -> p[i]).toList();
    }) : null;
  }

  /** The mean number of frames a model call has taken with batching on (0 when off or before the first). */
  public double meanBatch() {
    return batcher == null ? 0 : batcher.meanBatch();
  }

  private static OrtSession.SessionOptions single() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    return options;
  }

  /** A stream's state: feed its frames in order. */
  public final class Stream {
    private float[][][] state = new float[2][1][128];
    private final float[] context = new float[CONTEXT];

    /**
     * The speech probability of the next 512-sample frame; with batching on, computed in one call with other
     * streams' frames that arrive meanwhile (it blocks until then).
     */
    public float probability(float[] frame) {
      if (frame.length != FRAME) {
        throw new IllegalArgumentException("Silero VAD takes frames of " + FRAME + " samples");
      }
      if (batcher != null) {
        return batcher.call(new Frame(this, frame));
      }
      float[] input = new float[CONTEXT + FRAME];
      System.arraycopy(context, 0, input, 0, CONTEXT);
      System.arraycopy(frame, 0, input, CONTEXT, FRAME);
      System.arraycopy(frame, FRAME - CONTEXT, context, 0, CONTEXT);
      try (OnnxTensor x = OnnxTensor.createTensor(env, new float[][] {input});
           OnnxTensor h = OnnxTensor.createTensor(env, state);
           OnnxTensor sr = OnnxTensor.createTensor(env, (long) SAMPLE_RATE);
           OrtSession.Result result = session.run(Map.of("input", x, "state", h, "sr", sr))) {
        state = (float[][][]) result.get(1).getValue();
        return ((float[][]) result.get(0).getValue())[0][0];
      } catch (OrtException e) {
        throw new IllegalStateException("Silero VAD failed: " + e.getMessage(), e);
      }
    }
  }

  public Stream stream() {
    return new Stream();
  }

  /**
   * The next frame of several streams in one model call (a batch: one row per stream, their recurrent states stacked
   * as the model's {@code [2, batch, 128]} state), each stream moving on exactly as {@link Stream#probability} moves
   * it. The streams must be distinct.
   */
  public float[] probabilities(List<Stream> streams, List<float[]> frames) {
    int n = streams.size();
    if (frames.size() != n || n == 0 || new HashSet<>(streams).size() != n) {
      throw new IllegalArgumentException("a batch takes one frame for each of one or more distinct streams");
    }
    // flat buffers: ONNX Runtime copies them at once, where nested arrays are walked array by array
    float[] input = new float[n * (CONTEXT + FRAME)];
    float[] state = new float[2 * n * 128];
    for (int i = 0; i < n; i++) {
      Stream s = streams.get(i);
      float[] frame = frames.get(i);
      if (frame.length != FRAME) {
        throw new IllegalArgumentException("Silero VAD takes frames of " + FRAME + " samples");
      }
      System.arraycopy(s.context, 0, input, i * (CONTEXT + FRAME), CONTEXT);
      System.arraycopy(frame, 0, input, i * (CONTEXT + FRAME) + CONTEXT, FRAME);
      System.arraycopy(s.state[0][0], 0, state, i * 128, 128);
      System.arraycopy(s.state[1][0], 0, state, (n + i) * 128, 128);
    }
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {n, CONTEXT + FRAME});
         OnnxTensor h = OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, n, 128});
         OnnxTensor sr = OnnxTensor.createTensor(env, (long) SAMPLE_RATE);
         OrtSession.Result result = session.run(Map.of("input", x, "state", h, "sr", sr))) {
      float[][][] next = (float[][][]) result.get(1).getValue();
      float[][] out = (float[][]) result.get(0).getValue();
      float[] probabilities = new float[n];
      for (int i = 0; i < n; i++) {
        Stream s = streams.get(i);
        s.state = new float[][][] {{next[0][i]}, {next[1][i]}};
        System.arraycopy(frames.get(i), FRAME - CONTEXT, s.context, 0, CONTEXT);
        probabilities[i] = out[i][0];
      }
      return probabilities;
    } catch (OrtException e) {
      throw new IllegalStateException("Silero VAD failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // closing
    }
  }
}
