package dev.nexus.knowledge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An in-memory vector index of passages: add texts, search by meaning. Thread-safe. */
public final class PassageIndex {
  /** A stored passage and where it came from. */
  public record Passage(String source, String title, String text) {
  }

  /** A search hit with its cosine similarity to the query. */
  public record Hit(Passage passage, double score) {
  }

  private final Embedder embedder;
  private final List<Passage> passages = new ArrayList<>();
  private final List<float[]> vectors = new ArrayList<>();

  public PassageIndex(Embedder embedder) {
    this.embedder = embedder;
  }

  /** Splits a document into passages and indexes them; returns how many were added. */
  public int add(String source, String title, String text, int maxPassageChars) {
    List<String> parts = Passages.split(text, maxPassageChars);
    if (parts.isEmpty()) {
      return 0;
    }
    List<float[]> embedded = embedder.embedAll(parts);
    synchronized (this) {
      for (int i = 0; i < parts.size(); i++) {
        passages.add(new Passage(source, title, parts.get(i)));
        vectors.add(embedded.get(i));
      }
    }
    return parts.size();
  }

  /** Adds passages whose vectors are already known (used by benchmarks and bulk loads). */
  public synchronized void addEmbedded(Passage passage, float[] vector) {
    passages.add(passage);
    vectors.add(vector);
  }

  public synchronized int size() {
    return passages.size();
  }

  /** The {@code k} passages closest in meaning to the query, best first, at or above {@code minScore}. */
  public List<Hit> search(String query, int k, double minScore) {
    return search(embedder.embed(query), k, minScore);
  }

  /** Like {@link #search(String, int, double)} for an embedded query. */
  public synchronized List<Hit> search(float[] query, int k, double minScore) {
    List<Hit> hits = new ArrayList<>();
    for (int i = 0; i < passages.size(); i++) {
      double score = Embedder.cosine(query, vectors.get(i));
      if (score >= minScore) {
        hits.add(new Hit(passages.get(i), score));
      }
    }
    hits.sort(Comparator.comparingDouble(Hit::score).reversed());
    return hits.size() > k ? List.copyOf(hits.subList(0, k)) : hits;
  }
}
