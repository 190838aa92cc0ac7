package dev.nexus.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.MainAccess;
import dev.nexus.TestSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load harness's listening sessions (faint noise, server VAD on every frame), its ramp, and its server configured
 * from a directory, each on a real loopback server for a few seconds.
 */
class LoadRampTest {
  /** What a run printed, on its standard output and error, with its exit code. */
  record Run(int code, String out, String err) {
  }

  static Run loadtest(Path data, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("NEXUS_DATA", data.toString(), "NEXUS_MODELS",
        TestSupport.models().root().toString());
    List<String> all = new ArrayList<>(List.of("loadtest", "--audio", TestSupport.jfkFlac().toString()));
    all.addAll(List.of(args));
    int code = MainAccess.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void listeningSessionsRunOnTheConfiguredWhisperStageAndReportFrameForwardingWithoutSpeechStarts(@TempDir Path data,
      @TempDir Path config) throws Exception {
    Path model = Path.of("src/test/resources/models/whisper-tiny-random").toAbsolutePath();
    Files.writeString(config.resolve("speech.yaml"), "engine: whisper\nworker-pool-size: 2\nengines:\n  whisper:\n"
        + "    model: " + model + "\n    assets: " + TestSupport.models().resolve("whisper") + "\n    max-batch: 2\n"
        + "vad:\n  max-batch: 2\n");
    Run run = loadtest(data, "--sessions", "0", "--podcasts", "0", "--listening", "3", "--seconds", "3",
        "--config", config.toString());
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).as("the harness's server runs the speech stage the directory configures")
        .containsPattern("speech stage: .*\"engine\":\"whisper\"").doesNotContain("fallback_from")
        .contains("0 realtime + 3 listening + 0 podcast sessions for 3 s on ws://127.0.0.1:")
        .contains("(3 connected, 0 errors)");
    List<String> csv = Files.readAllLines(data.resolve("metrics/loadtest.csv"));
    List<String> header = List.of(csv.get(0).split(","));
    String[] row = csv.get(1).split(",");
    assertThat(row[header.indexOf("listening")]).isEqualTo("3");
    assertThat(Double.parseDouble(row[header.indexOf("frame_forward_ms_p99")]))
        .as("the server forwarded the listening sessions' frames and measured them").isPositive();
    assertThat(row[header.indexOf("false_starts")]).as("the faint noise started no utterance").isEqualTo("0");
    assertThat(row[header.indexOf("speech_starts")]).isEqualTo("0");
    assertThat(Double.parseDouble(row[header.indexOf("cpu_percent_mean")])).isPositive();
  }

  @Test
  void aRampMeasuresEachStepAndNamesTheLargestCountThatKeptUp(@TempDir Path data) throws Exception {
    Run run = loadtest(data, "--sessions", "0", "--podcasts", "0", "--listening", "1,2", "--seconds", "2",
        "--warmup", "1");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    Matcher steps = Pattern.compile("step (\\d): 0 speaking \\+ (\\d) listening for 2 s: frame forward p50 [0-9.]+ "
        + "p99 [0-9.]+ ms.*: (kept up|did not keep up)").matcher(run.out());
    int kept = 0;
    int measured = 0;
    boolean stopped = false;
    while (steps.find()) {
      measured++;
      assertThat(stopped).as("no step runs after one that did not keep up").isFalse();
      assertThat(steps.group(2)).isEqualTo(steps.group(1));
      if (steps.group(3).equals("kept up")) {
        kept = Integer.parseInt(steps.group(2));
      } else {
        stopped = true;
      }
    }
    assertThat(measured).as(run.out()).isBetween(1, 2);
    assertThat(run.out()).as("the capacity line names the largest step that kept up")
        .containsPattern("capacity: listening " + kept + "( |\\n|$)");
    assertThat(Files.readAllLines(data.resolve("metrics/loadtest.csv"))).as("a header and a line per step")
        .hasSize(1 + measured);
  }

  @Test
  void aConfigurationProblemInTheDirectoryNamesItsFileAndKey(@TempDir Path data, @TempDir Path config)
      throws Exception {
    Files.writeString(config.resolve("speech.yaml"), "max-backlog-ms: 0\n");
    Run run = loadtest(data, "--sessions", "1", "--podcasts", "0", "--seconds", "1", "--config", config.toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains(config.resolve("speech.yaml").toString()).contains("max-backlog-ms")
        .doesNotContain("the load test failed");
  }

  @Test
  void badOptionsAreRefusedNamingTheOption(@TempDir Path data) throws Exception {
    assertThat(loadtest(data, "--listening", "4,2").err()).contains("--listening steps must grow");
    assertThat(loadtest(data, "--listening", "many").err())
        .contains("--listening must be a whole number from 0 to 100000 (got \"many\")");
    assertThat(loadtest(data, "--sessions", "1,,2").err()).contains("--sessions must be a whole number");
    assertThat(loadtest(data, "--sessions", "1,2", "--listening", "1,2").err())
        .contains("--sessions and --listening: only one of them can be a list of steps");
    assertThat(loadtest(data, "--config", data.resolve("absent").toString()).err())
        .contains("--config " + data.resolve("absent") + ": not a directory");
    Run both = loadtest(data, "--config", data.toString(), "--url", "ws://127.0.0.1:1");
    assertThat(both.code()).isEqualTo(2);
    assertThat(both.err()).contains("--config configures the harness's own server; it cannot be used with --url");
    assertThat(loadtest(data, "--config").err()).contains("--config needs a value");
    assertThat(loadtest(data, "--warmup", "-1").err()).contains("--warmup must be a whole number from 0 to 3600");
  }

  @Test
  void aStepFallsShortOnErrorsShedAudioLateSpeechStartsOrSlowForwarding() {
    assertThat(step(1, 0, 0, 0, 300, Double.NaN).shortfall()).isNull();
    assertThat(step(0, 40, 0, 0, Double.NaN, 3.2).shortfall()).isNull();
    assertThat(step(1, 0, 2, 1, 300, Double.NaN).shortfall()).isEqualTo("2 error events, audio shed 1 times");
    assertThat(step(1, 0, 0, 0, 4000, Double.NaN).shortfall()).isEqualTo("a speech start seen 4000 ms late");
    assertThat(step(1, 0, 0, 0, Double.NaN, Double.NaN).shortfall()).isEqualTo("no speech start seen");
    assertThat(step(0, 40, 0, 0, Double.NaN, 22.37).shortfall()).isEqualTo("frame forwarding p99 22.37 ms");
    assertThat(step(0, 40, 0, 0, Double.NaN, Double.NaN).shortfall()).isEqualTo("frame forwarding p99 NaN ms");
  }

  private static LoadSummary step(int sessions, int listening, int errors, long shed, double lagMax, double p99) {
    LoadSummary summary = new LoadSummary();
    summary.put("sessions", sessions);
    summary.put("listening", listening);
    summary.put("errors", errors);
    summary.put("shed_audio", shed);
    summary.put("recognition_lag_ms_max", lagMax);
    summary.put("frame_forward_ms_p99", p99);
    return summary;
  }

  @Test
  void countersGrowthIsReadBetweenScrapesSummedOverLabels() {
    String before = "# TYPE c counter\nc_total{a=\"1\"} 2.0\nc_total{a=\"2\"} 1.0\nother_total 5\n";
    String after = "# TYPE c counter\nc_total{a=\"1\"} 4.0\nc_total{a=\"2\"} 3.0\nother_total 9\n";
    assertThat(Prometheus.increase(before, after, "c_total")).isEqualTo(4.0);
    assertThat(Prometheus.increase(before, after, "absent_total")).isZero();
  }
}
