package dev.nexus.bench;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.nexus.speech.vad.SileroVad;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DJL's Predictor and Translator against the raw ONNX Runtime session on the speech stage's hottest call: the next
 * Silero VAD frame of {@code streams} streams (1: one stream alone; more: one batched call). The raw path is
 * {@link SileroVad} as the server runs it. The DJL path loads the same model through DJL's OnnxRuntime engine and
 * does the same work in a {@link Translator}: the frame with its 64 samples of context and the recurrent state in,
 * the probability and the new state out. Both carry state from frame to frame, so both do the real work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Dai.djl.offline=true"})
public class DjlOverheadBench {
  static final int CONTEXT = 64;

  @Param({"1", "8"})
  int streams;

  private SileroVad vad;
  private List<SileroVad.Stream> rawStreams;
  private ZooModel<float[][], float[]> model;
  private Predictor<float[][], float[]> predictor;
  private SileroTranslator translator;
  private List<float[]> frames;
  private float[][] frameArray;

  /**
   * Silero's frames of a batch in (one row per stream), their probabilities out; the streams' context and state live
   * in the translator, as they live in {@code SileroVad.Stream} on the raw path.
   */
  static final class SileroTranslator implements Translator<float[][], float[]> {
    private final int streams;
    private float[][] context;
    private float[] state;

    SileroTranslator(int streams) {
      this.streams = streams;
      this.context = new float[streams][CONTEXT];
      this.state = new float[2 * streams * 128];
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[][] frames) {
      NDManager manager = ctx.getNDManager();
      float[] input = new float[streams * (CONTEXT + SileroVad.FRAME)];
      for (int s = 0; s < streams; s++) {
        System.arraycopy(context[s], 0, input, s * (CONTEXT + SileroVad.FRAME), CONTEXT);
        System.arraycopy(frames[s], 0, input, s * (CONTEXT + SileroVad.FRAME) + CONTEXT, SileroVad.FRAME);
        System.arraycopy(frames[s], SileroVad.FRAME - CONTEXT, context[s], 0, CONTEXT);
      }
      NDArray x = manager.create(input, new Shape(streams, CONTEXT + SileroVad.FRAME));
      x.setName("input");
      NDArray h = manager.create(state, new Shape(2, streams, 128));
      h.setName("state");
      NDArray sr = manager.create((long) SileroVad.SAMPLE_RATE);
      sr.setName("sr");
      return new NDList(x, h, sr);
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
      state = list.get(1).toFloatArray();
      return list.get(0).toFloatArray();
    }

    @Override
    public Batchifier getBatchifier() {
      return null; // the batch is the model's own first dimension, built in processInput
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    // DJL's engine makes ONNX Runtime's environment with its own thread options: it must come first
    translator = new SileroTranslator(streams);
    model = Criteria.builder().setTypes(float[][].class, float[].class)
        .optModelPath(BenchModels.resolve("silero_vad.onnx")).optEngine("OnnxRuntime").optTranslator(translator)
        .optOption("intraOpNumThreads", "1").optOption("interOpNumThreads", "1") // as SileroVad's own session
        .build().loadModel();
    predictor = model.newPredictor();
    vad = new SileroVad(BenchModels.resolve("silero_vad.onnx"));
    rawStreams = new ArrayList<>();
    frames = new ArrayList<>();
    Random random = new Random(7);
    for (int s = 0; s < streams; s++) {
      rawStreams.add(vad.stream());
      float[] frame = new float[SileroVad.FRAME];
      for (int i = 0; i < frame.length; i++) {
        frame[i] = (float) (0.3 * Math.sin(2 * Math.PI * (150 + 30 * s) * i / 16000.0) + 0.02 * random.nextGaussian());
      }
      frames.add(frame);
    }
    frameArray = frames.toArray(float[][]::new);
    // the two paths compute the same numbers: the first frames must agree
    float[] raw = streams == 1 ? new float[] {rawStreams.get(0).probability(frames.get(0))}
        : vad.probabilities(rawStreams, frames);
    float[] djl = predictor.predict(frameArray);
    for (int s = 0; s < streams; s++) {
      if (Math.abs(raw[s] - djl[s]) > 1e-5) {
        throw new IllegalStateException("DJL and raw ONNX Runtime disagree on stream " + s + ": " + djl[s] + " vs "
            + raw[s]);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    predictor.close();
    model.close();
    vad.close();
  }

  @Benchmark
  public float[] rawOrt() {
    return streams == 1 ? new float[] {rawStreams.get(0).probability(frames.get(0))}
        : vad.probabilities(rawStreams, frames);
  }

  @Benchmark
  public float[] djlPredictor() throws Exception {
    return predictor.predict(frameArray);
  }
}
