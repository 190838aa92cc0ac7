package dev.nexus.knowledge;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings with the quantized all-MiniLM-L6-v2 model (384 dimensions, unit length),
 * run in-process by ONNX Runtime. One model per process; it is thread-safe.
 */
public final class Embedder {
  private static volatile Embedder shared;
  private final EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();

  private Embedder() {
  }

  /** The process-wide embedder (loading the model takes about a second, once). */
  public static Embedder shared() {
    if (shared == null) {
      synchronized (Embedder.class) {
        if (shared == null) {
          shared = new Embedder();
        }
      }
    }
    return shared;
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
