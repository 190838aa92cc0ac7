package dev.nexus.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.MainAccess;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.nexus.TestSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A CI-sized run of the load harness and of the report, so that neither can rot. */
class LoadSmokeTest {
  @Test
  void theHarnessRunsRealtimeAndPodcastSessionsAndTheReportChartsALedger(@TempDir Path data, @TempDir Path config)
      throws Exception {
    // this checks the harness's working, not the box's capacity: one speaking session and one podcast, and live
    // recognition may lag up to a minute before it sheds audio (5 s by default). Beside another build, one PocketSphinx
    // stream here fell 5 s behind, shed its utterance and answered no turn; with the longer backlog it answers late
    Files.writeString(config.resolve("speech.yaml"), "max-backlog-ms: 60000\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("NEXUS_DATA", data.toString(), "NEXUS_MODELS", TestSupport.models().root().toString());
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(log);
    int code;
    try {
      code = MainAccess.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), "loadtest", "--sessions", "1", "--podcasts", "1",
          "--seconds", "40", "--audio", TestSupport.jfkFlac().toString(), "--config", config.toString());
    } finally {
      root.detachAppender(log);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    // the clients go away mid-audio when the run ends: their pacers, timers and streams stop with them
    assertThat(log.list).as("the server logged the run").isNotEmpty();
    assertThat(log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)
            || e.getThrowableProxy() != null && e.getThrowableProxy().getMessage() != null
            && e.getThrowableProxy().getMessage().contains("WebSocket is closed"))
        .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName() + ": "
            + e.getThrowableProxy().getMessage())).toList())
        .as("errors and unhandled exceptions logged during the load run").isEmpty();
    assertThat(code).as(printed + err).isZero();
    // the only error a client may get here is the overload one: live recognition that fell max-backlog-ms behind
    // (a loaded machine) drops the waiting audio, logs it, and tells the session once per drop
    long backlogDrops = log.list.stream().filter(e -> e.getFormattedMessage().contains("recognition fell over")).count();
    Matcher summary = Pattern.compile("\\(2 connected, (\\d+) errors\\)").matcher(printed);
    assertThat(summary.find()).as(printed).isTrue();
    assertThat(Long.parseLong(summary.group(1))).as("client errors, against %d backlog drops logged", backlogDrops)
        .isLessThanOrEqualTo(backlogDrops);
    assertThat(printed).contains("1 realtime + 0 listening + 1 podcast sessions for 40 s on ws://127.0.0.1:").contains("frame_forward_ms").contains("stale audio deltas 0")
        .containsPattern("live heap [0-9.]+ MB at the start, [0-9.]+ MB at the end, trend [-+][0-9.]+ MB per hour");
    List<String> csv = Files.readAllLines(data.resolve("metrics/loadtest.csv"));
    assertThat(csv).hasSize(2);
    assertThat(csv.get(0)).contains("turn_first_audio_ms_p50").contains("frame_forward_ms_p99");
    String[] header = csv.get(0).split(",");
    String[] row = csv.get(1).split(",");
    int turns = List.of(header).indexOf("turns");
    assertThat(Integer.parseInt(row[turns])).as("answered turns").isPositive();
    assertThat(Double.parseDouble(row[List.of(header).indexOf("live_heap_mb_last")])).isPositive();

    // the server's own ledger of that run, summarised and charted
    Path ledger;
    try (var files = Files.list(data.resolve("metrics"))) {
      ledger = files.filter(f -> f.getFileName().toString().startsWith("turns-")).findFirst().orElseThrow();
    }
    out.reset();
    assertThat(MainAccess.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), "report")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("first_audio_ms").contains("p99");
    Path png = ledger.resolveSibling(ledger.getFileName().toString().replace(".csv", ".png"));
    assertThat(png).isRegularFile();
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(900);
  }

  @Test
  void theHarnessTargetsLoopbackOnly() {
    assertThatThrownBy(() -> new LoadTest(new LoadTest.Options(
        URI.create("ws://example.org:80"), List.of(1), 0, List.of(0), 1, Path.of("x"), null, false, 0), System.out))
        .hasMessageContaining("loopback only");
  }

  @Test
  void prometheusHistogramsGivePercentilesBetweenScrapes() {
    String before = "x_bucket{le=\"0.001\"} 1\nx_bucket{le=\"0.01\"} 2\nx_bucket{le=\"+Inf\"} 2\n";
    String after = "x_bucket{le=\"0.001\"} 91\nx_bucket{le=\"0.01\"} 101\nx_bucket{le=\"+Inf\"} 102\n";
    double[] p = Prometheus.percentiles(before, after, "x");
    assertThat(p[0]).isEqualTo(1.0);
    assertThat(p[1]).isEqualTo(10.0);
    assertThat(p[2]).isEqualTo(10.0);
    assertThat(Prometheus.percentiles(before, before, "x")[0]).isNaN();
  }
}
