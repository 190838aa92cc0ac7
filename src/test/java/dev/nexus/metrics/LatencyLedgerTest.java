package dev.nexus.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The per-turn latency ledger: its CSV file and, when a registry is given, its histograms. */
@ExtendWith(VertxExtension.class)
class LatencyLedgerTest {

  @Test
  void eachTurnIsOneCsvLineWithEmptyCellsForStagesThatDidNotHappen(Vertx vertx, @TempDir Path dir) throws Exception {
    Path metrics = dir.resolve("metrics");
    LatencyLedger ledger = LatencyLedger.open(vertx, null, metrics, "turns").await(10, TimeUnit.SECONDS);
    assertThat(ledger.file().getParent()).isEqualTo(metrics);
    assertThat(ledger.file().getFileName().toString()).matches("turns-\\d{8}-\\d{6}-\\d{3}\\.csv");
    ledger.record(new LatencyLedger.Turn("realtime", "sess_1", "resp_1", 12.3456, 40, 250.5, -1));
    ledger.record(new LatencyLedger.Turn("podcast", "sess_2", "turn_2", -1, -1, 0, 80));
    ledger.close().await(10, TimeUnit.SECONDS);

    List<String> lines = Files.readAllLines(ledger.file());
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(LatencyLedger.HEADER);
    assertThat(lines.get(1)).matches("\\d{4}-\\d\\d-\\d\\dT[^,]+Z,realtime,sess_1,resp_1,12\\.346,40\\.000,250\\.500,");
    assertThat(lines.get(2)).endsWith(",podcast,sess_2,turn_2,,,0.000,80.000");
    assertThat(lines.get(1).split(",", -1)).as("one cell per header column")
        .hasSameSizeAs(LatencyLedger.HEADER.split(","));
  }

  @Test
  void aRegistryGetsOneHistogramPerStageFedOnlyByStagesThatHappened(Vertx vertx, @TempDir Path dir) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LatencyLedger ledger = LatencyLedger.open(vertx, registry, dir, "turns").await(10, TimeUnit.SECONDS);
    ledger.record(new LatencyLedger.Turn("realtime", "s", "t1", 100, 200, 300, -1));
    ledger.record(new LatencyLedger.Turn("realtime", "s", "t2", 50, -1, 0, 20));
    ledger.close().await(10, TimeUnit.SECONDS);

    Timer transcript = registry.get("nexus.turn.transcript").timer();
    assertThat(transcript.count()).isEqualTo(2);
    assertThat(transcript.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(150.0);
    assertThat(registry.get("nexus.turn.first.token").timer().count()).isEqualTo(1);
    assertThat(registry.get("nexus.turn.first.audio").timer().count()).as("0 ms happened").isEqualTo(2);
    assertThat(registry.get("nexus.bargein.reaction").timer().count()).isEqualTo(1);
    assertThat(registry.get("nexus.bargein.reaction").timer().max(TimeUnit.MILLISECONDS)).isEqualTo(20.0);
  }

  @Test
  void twoLedgersOpenedInOneDirectoryWriteTwoFiles(Vertx vertx, @TempDir Path dir) throws Exception {
    LatencyLedger first = LatencyLedger.open(vertx, null, dir, "turns").await(10, TimeUnit.SECONDS);
    LatencyLedger other = LatencyLedger.open(vertx, null, dir, "podcast").await(10, TimeUnit.SECONDS);
    first.close().await(10, TimeUnit.SECONDS);
    other.close().await(10, TimeUnit.SECONDS);
    assertThat(first.file()).isNotEqualTo(other.file());
    assertThat(other.file().getFileName().toString()).startsWith("podcast-");
    assertThat(Files.readAllLines(other.file())).containsExactly(LatencyLedger.HEADER);
  }
}
