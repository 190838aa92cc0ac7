package dev.nexus.bench;

import dev.nexus.knowledge.Embedder;
import dev.nexus.knowledge.PassageIndex;
import dev.nexus.text.Calculator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tools: calculator parse-and-evaluate, and document search over 10,000 passages (the query's MiniLM
 * embedding plus a full cosine scan, and the scan alone). The index holds 500 real sentence
 * embeddings, each repeated 20 times with small noise: search cost depends on the count and the
 * dimension (384), not on the words.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ToolsBench {
  private PassageIndex index;
  private float[] query;

  @Setup
  public void setup() {
    Embedder embedder = Embedder.shared();
    index = new PassageIndex(embedder);
    List<String> sentences = new ArrayList<>();
    String[] subjects = {"The server", "A podcast host", "The listener", "Speech recognition", "The event bus",
        "A tool plugin", "The synthesis engine", "The web page", "A cluster node", "The benchmark"};
    String[] verbs = {"streams", "cancels", "measures", "resumes", "answers", "records", "routes", "explains",
        "stores", "checks"};
    String[] objects = {"audio chunks", "the transcript", "every word", "a question", "latency figures"};
    for (String s : subjects) {
      for (String v : verbs) {
        for (String o : objects) {
          sentences.add(s + " " + v + " " + o + ".");
        }
      }
    }
    List<float[]> vectors = embedder.embedAll(sentences);
    Random random = new Random(1);
    for (int copy = 0; copy < 20; copy++) {
      for (int i = 0; i < sentences.size(); i++) {
        float[] v = vectors.get(i).clone();
        for (int d = 0; d < v.length; d++) {
          v[d] += (float) (random.nextGaussian() * 0.01);
        }
        index.addEmbedded(new PassageIndex.Passage("bench", "b", sentences.get(i)), v);
      }
    }
    query = embedder.embed("Which component resumes the transcript?");
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public double calculator() {
    return Calculator.evaluate("(12.5 * 8 - sqrt(144)) / 4 + max(2, 3) ^ 2 % 5");
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int searchTenThousandPassages() {
    return index.search("Which component resumes the transcript?", 3, 0.2).size();
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int scanTenThousandPassages() {
    return index.search(query, 3, 0.2).size();
  }
}
