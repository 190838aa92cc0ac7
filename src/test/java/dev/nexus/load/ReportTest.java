package dev.nexus.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger report on hand-written ledgers: which cells count, the percentile rule, the table and the chart. */
class ReportTest {
  @Test
  void readKeepsOnlyMillisecondColumnsAndSkipsBlankAndMalformedCells(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("turns-1.csv");
    Files.writeString(csv, """
        time,kind,first_audio_ms,barge_in_ms
        t1,realtime,12.5,
        t2,realtime,oops,30
        t3,podcast,7
        """);
    Map<String, List<Double>> columns = Report.read(csv);
    assertThat(columns).containsOnlyKeys("first_audio_ms", "barge_in_ms");
    assertThat(columns.get("first_audio_ms")).containsExactly(12.5, 7.0);
    assertThat(columns.get("barge_in_ms")).containsExactly(30.0);
    assertThat(List.copyOf(columns.keySet())).as("header order").containsExactly("first_audio_ms", "barge_in_ms");
  }

  @Test
  void anEmptyFileOrOneWithoutMillisecondColumnsIsRejectedByName(@TempDir Path dir) throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    assertThatThrownBy(() -> Report.read(empty)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty.csv is empty");
    Path foreign = Files.writeString(dir.resolve("foreign.csv"), "a,b\n1,2\n");
    assertThatThrownBy(() -> Report.read(foreign)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("foreign.csv has no *_ms columns");
  }

  @Test
  void percentileIsTheNearestRankAndNaNForNoValues() {
    List<Double> hundred = IntStream.rangeClosed(1, 100).mapToObj(i -> (double) i).toList();
    assertThat(Report.percentile(hundred, 50)).isEqualTo(50.0);
    assertThat(Report.percentile(hundred, 95)).isEqualTo(95.0);
    assertThat(Report.percentile(hundred, 99)).isEqualTo(99.0);
    assertThat(Report.percentile(hundred, 100)).isEqualTo(100.0);
    assertThat(Report.percentile(hundred, 0)).as("rank 0 clamps to the first").isEqualTo(1.0);
    assertThat(Report.percentile(List.of(3.0, 9.0), 50)).isEqualTo(3.0);
    assertThat(Report.percentile(List.of(3.0, 9.0), 51)).isEqualTo(9.0);
    assertThat(Report.percentile(List.of(), 50)).isNaN();
  }

  @Test
  void runPrintsEachColumnsPercentilesAndWritesAChartBesideTheLedger(@TempDir Path dir) throws Exception {
    StringBuilder ledger = new StringBuilder("time,transcript_ms,first_audio_ms,other\n");
    for (int i = 1; i <= 20; i++) {
      ledger.append("t").append(i).append(',').append(i * 10).append(',').append(i < 11 ? "0.001" : "")
          .append(",x\n");
    }
    Path csv = Files.writeString(dir.resolve("turns-2.csv"), ledger);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Path png = Report.run(csv, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(png).isEqualTo(dir.resolve("turns-2.png")).isRegularFile();
    assertThat(printed).contains("latencies in " + csv).contains("chart: " + png)
        .containsPattern("transcript_ms +20 +100\\.00 +190\\.00 +200\\.00 +200\\.00")
        .containsPattern("first_audio_ms +10 +0\\.00 +0\\.00 +0\\.00 +0\\.00")
        .doesNotContain("other");
    BufferedImage chart = ImageIO.read(png.toFile());
    assertThat(chart.getWidth()).isEqualTo(900);
    assertThat(chart.getHeight()).isEqualTo(520);
    assertThat(chart.getRGB(5, 5) & 0xffffff).as("the background").isEqualTo(0x0e1320);
    assertThat(distinctColours(chart)).as("background, grid, labels and two curves").isGreaterThan(5);
  }

  @Test
  void aLedgerWithoutRowsStillChartsItsColumnsWithZeroCounts(@TempDir Path dir) throws Exception {
    Path csv = Files.writeString(dir.resolve("turns-3.csv"), "time,first_audio_ms\n");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Path png = Report.run(csv, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8)).containsPattern("first_audio_ms +0 +NaN");
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
