package dev.nexus.knowledge;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.nexus.capability.DevicePolicy;
import dev.nexus.capability.OnnxSessions;
import dev.nexus.capability.Placement;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings with the quantized all-MiniLM-L6-v2 model (384 dimensions, unit length, from the langchain4j
 * jar that ships it), run in-process by ONNX Runtime on the device its {@link DevicePolicy} gives. One model per
 * process; it is thread-safe.
 */
public final class Embedder {
  private static final String MODEL = "all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";
  private static volatile Embedder shared;
  private final EmbeddingModel model;
  private final Placement placement;

  private Embedder(DevicePolicy policy) throws Exception {
    OnnxSessions.Placed<OnnxBertBiEncoder> loaded = OnnxSessions.place("minilm", policy, Embedder::encoder);
    OnnxBertBiEncoder encoder = loaded.engine();
    this.model = new AbstractInProcessEmbeddingModel(null) {
      @Override
      protected OnnxBertBiEncoder model() {
        return encoder;
      }

      @Override
      protected Integer knownDimension() {
        return 384;
      }
    };
    this.placement = loaded.placement();
  }

  private static OnnxBertBiEncoder encoder(OrtSession.SessionOptions options) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (InputStream model = resource(MODEL)) {
      session = env.createSession(model.readAllBytes(), options);
    }
    try (InputStream tokenizer = resource(TOKENIZER)) {
      return new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = Embedder.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("the MiniLM model is not on the class path (" + name + ")");
    }
    return in;
  }

  /** A new embedder of its own (not the shared one), placed by {@code policy}: comparing devices, say. */
  public static Embedder load(DevicePolicy policy) throws Exception {
    return new Embedder(policy);
  }

  /** The process-wide embedder, loaded with the default policy (auto) if nothing loaded it before. */
  public static Embedder shared() {
    return shared(new DevicePolicy("auto", 0, Runtime.getRuntime().availableProcessors(), 1));
  }

  /**
   * The process-wide embedder; the first caller's policy places it (loading the model takes about a second, once),
   * and later callers share it wherever it runs ({@link #placement()}).
   */
  public static Embedder shared(DevicePolicy policy) {
    if (shared == null) {
      synchronized (Embedder.class) {
        if (shared == null) {
          try {
            shared = new Embedder(policy);
          } catch (Exception e) {
            throw new IllegalStateException("MiniLM could not be loaded: " + e.getMessage(), e);
          }
        }
      }
    }
    return shared;
  }

  /** Where the model runs. */
  public Placement placement() {
    return placement;
  }

  public float[] embed(String text) {
    return model.embed(text).content().vector();
  }

  public List<float[]> embedAll(List<String> texts) {
    List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
    List<float[]> out = new ArrayList<>();
    model.embedAll(segments).content().forEach(e -> out.add(e.vector()));
    return out;
  }

  /** Cosine similarity of two unit vectors. */
  public static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
