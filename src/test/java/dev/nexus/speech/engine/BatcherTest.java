package dev.nexus.speech.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class BatcherTest {

  @Test
  void batchingIsOffUnlessConfiguredAndABadValueNamesTheFileAndKey() {
    Settings vad = new Settings("speech.yaml", new JsonObject().put("vad", new JsonObject())).section("vad");
    assertThat(BatchPolicy.read(vad, 5)).isEqualTo(new BatchPolicy(1, 5));
    assertThat(BatchPolicy.read(vad, 5).on()).isFalse();
    Settings on = new Settings("speech.yaml", new JsonObject().put("max-batch", 8).put("max-batch-wait-ms", 3));
    assertThat(BatchPolicy.read(on, 5)).isEqualTo(new BatchPolicy(8, 3));
    Settings bad = new Settings("speech.yaml", new JsonObject().put("vad", new JsonObject().put("max-batch", 0)))
        .section("vad");
    assertThatThrownBy(() -> BatchPolicy.read(bad, 5)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("speech.yaml").hasMessageContaining("vad.max-batch");
    Settings badWait = new Settings("speech.yaml", new JsonObject().put("max-batch-wait-ms", "soon"));
    assertThatThrownBy(() -> BatchPolicy.read(badWait, 5)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("max-batch-wait-ms");
  }

  @Test
  void eachCallerGetsItsOwnResultAndAFailedBatchFailsEveryCallerInIt() throws Exception {
    int callers = 3;
    Batcher<Integer, Integer> squares = new Batcher<>(new BatchPolicy(callers, 60_000), inputs -> {
      if (inputs.contains(-1)) {
        throw new IllegalStateException("the model failed");
      }
      return inputs.stream().map(i -> i * i).toList();
    });
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 1; i <= callers; i++) {
        int input = i;
        results.add(threads.submit(() -> squares.call(input)));
      }
      for (int i = 1; i <= callers; i++) {
        assertThat(results.get(i - 1).get()).isEqualTo(i * i);
      }
      assertThat(squares.meanBatch()).isEqualTo(callers);
      List<Future<Integer>> failing = new ArrayList<>();
      for (int input : new int[] {2, -1, 4}) {
        failing.add(threads.submit(() -> squares.call(input)));
      }
      for (Future<Integer> f : failing) {
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("the model failed");
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aBatcherNeedsMaxBatchOfTwoOrMore() {
    assertThatThrownBy(() -> new Batcher<Integer, Integer>(BatchPolicy.OFF, List::copyOf))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBatchNeedsAtLeastOneItemAndNoNegativeWait() {
    assertThatThrownBy(() -> new BatchPolicy(0, 5)).hasMessageContaining("max-batch must be 1 or more");
    assertThatThrownBy(() -> new BatchPolicy(2, -1)).hasMessageContaining("max-batch-wait-ms 0 or more");
  }

  @Test
  void aModelGivingTheWrongNumberOfResultsFailsTheCallerNamingBothCountsAndNoBatchMeansAMeanOfZero() {
    Batcher<Integer, Integer> dropping = new Batcher<>(new BatchPolicy(2, 0), inputs -> List.of());
    assertThat(dropping.meanBatch()).isZero();
    assertThatThrownBy(() -> dropping.call(7)).hasMessage("a batch of 1 gave 0 results");
    assertThat(dropping.meanBatch()).isEqualTo(1.0);
  }
}
