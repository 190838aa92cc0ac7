package dev.nexus.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.nexus.capability.DevicePolicy;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The vector index with the real MiniLM embedder (it ships inside a jar): search by meaning, order, limits. */
class PassageIndexTest {
  static Embedder embedder;

  @BeforeAll
  static void load() throws Exception {
    embedder = Embedder.load(DevicePolicy.cpu(1));
  }

  @Test
  void embeddingsAreUnitLengthAnd384WideAndCloserForRelatedSentences() {
    float[] cat = embedder.embed("The cat sat on the mat.");
    float[] kitten = embedder.embed("A kitten is sitting on a rug.");
    float[] tax = embedder.embed("Quarterly tax returns are due in April.");
    assertThat(cat).hasSize(384);
    assertThat(Embedder.cosine(cat, cat)).isCloseTo(1.0, offset(1e-5));
    double norm = 0;
    for (float v : cat) {
      norm += v * v;
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, offset(1e-3));
    assertThat(Embedder.cosine(cat, kitten)).isGreaterThan(Embedder.cosine(cat, tax));
    assertThat(embedder.placement()).isNotNull();
  }

  @Test
  void embedAllGivesTheSameVectorsAsOneByOne() {
    List<float[]> both = embedder.embedAll(List.of("Rivers flow to the sea.", "Bread is baked in ovens."));
    assertThat(both).hasSize(2);
    assertThat(Embedder.cosine(both.get(0), embedder.embed("Rivers flow to the sea."))).isGreaterThan(0.999);
    assertThat(Embedder.cosine(both.get(1), embedder.embed("Bread is baked in ovens."))).isGreaterThan(0.999);
  }

  @Test
  void searchFindsThePassageByMeaningBestFirstAndKeepsItsSource() {
    PassageIndex index = new PassageIndex(embedder);
    int added = index.add("doc.txt", "Doc", "Volcanoes erupt molten lava from deep underground. "
        + "The recipe needs two eggs and a cup of flour. Penguins live in the cold Antarctic.", 60);
    assertThat(added).isEqualTo(3);
    assertThat(index.size()).isEqualTo(3);
    List<PassageIndex.Hit> hits = index.search("Which birds live near the South Pole?", 3, -1);
    assertThat(hits).hasSize(3);
    assertThat(hits.get(0).passage().text()).startsWith("Penguins");
    assertThat(hits.get(0).passage().source()).isEqualTo("doc.txt");
    assertThat(hits.get(0).passage().title()).isEqualTo("Doc");
    assertThat(hits).extracting(PassageIndex.Hit::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  @Test
  void searchHonoursKAndTheMinimumScore() {
    PassageIndex index = new PassageIndex(embedder);
    assertThat(index.add("empty", "Empty", "   ", 100)).as("no sentences, nothing embedded").isZero();
    float[] x = {1, 0, 0};
    float[] y = {0, 1, 0};
    float[] xy = {0.6f, 0.8f, 0};
    index.addEmbedded(new PassageIndex.Passage("s", "t", "x"), x);
    index.addEmbedded(new PassageIndex.Passage("s", "t", "y"), y);
    index.addEmbedded(new PassageIndex.Passage("s", "t", "xy"), xy);
    assertThat(index.search(x, 10, 0.5)).extracting(h -> h.passage().text()).containsExactly("x", "xy");
    assertThat(index.search(x, 1, -1)).extracting(h -> h.passage().text()).containsExactly("x");
    assertThat(index.search(y, 2, -1)).extracting(h -> h.passage().text()).containsExactly("y", "xy");
    assertThat(index.search(x, 10, 0.6)).as("a score equal to the minimum is kept")
        .extracting(h -> h.passage().text()).containsExactly("x", "xy");
    assertThat(index.search(x, 10, 1.01)).isEmpty();
  }
}
