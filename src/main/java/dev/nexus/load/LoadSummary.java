package dev.nexus.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A load run's summary: its figures by name, printed as a table and appended to a CSV file. */
final class LoadSummary {
  /** The latency rows of the table, each with _p50, _p95 and _p99 figures. */
  private static final List<String> LATENCIES = List.of("frame_forward_ms", "turn_first_audio_ms", "barge_in_ms",
      "barge_in_server_ms", "podcast_answer_audio_ms", "recognition_lag_ms");
  /** A listening step keeps up while the server forwards 99 % of the frames in less than this. */
  static final double MAX_FRAME_FORWARD_P99_MS = 20;
  /** A speaking step keeps up while every speech start is seen at most this late (the shedding limit is 5 s). */
  static final double MAX_RECOGNITION_LAG_MS = 1500;

  private final Map<String, Object> figures = new LinkedHashMap<>();

  void put(String name, Object value) {
    figures.put(name, value);
  }

  /** A latency row: p50, p95 and p99. */
  void row(String name, double[] p) {
    figures.put(name + "_p50", p[0]);
    figures.put(name + "_p95", p[1]);
    figures.put(name + "_p99", p[2]);
  }

  Map<String, Object> figures() {
    return figures;
  }

  /**
   * Why this step did not keep up, or null when it did. Always: no error event reached a client and the server shed
   * no audio (its recognition never fell {@code max-backlog-ms} behind). With speaking sessions: every utterance's
   * start was seen at most {@link #MAX_RECOGNITION_LAG_MS} after its audio was sent, and at least one was. With
   * listening sessions: frame forwarding's p99 (a histogram bucket's upper bound) under
   * {@link #MAX_FRAME_FORWARD_P99_MS}.
   */
  String shortfall() {
    List<String> why = new ArrayList<>();
    if (((Number) figures.get("errors")).intValue() > 0) {
      why.add(figures.get("errors") + " error events");
    }
    if (((Number) figures.get("shed_audio")).longValue() > 0) {
      why.add("audio shed " + figures.get("shed_audio") + " times");
    }
    double lag = (Double) figures.get("recognition_lag_ms_max");
    if (((Number) figures.get("sessions")).intValue() > 0 && !(lag <= MAX_RECOGNITION_LAG_MS)) {
      why.add(Double.isNaN(lag) ? "no speech start seen" : String.format(Locale.ROOT,
          "a speech start seen %.0f ms late", lag));
    }
    double p99 = (Double) figures.get("frame_forward_ms_p99");
    if (((Number) figures.get("listening")).intValue() > 0 && !(p99 < MAX_FRAME_FORWARD_P99_MS)) {
      why.add(String.format(Locale.ROOT, "frame forwarding p99 %.2f ms", p99));
    }
    return why.isEmpty() ? null : String.join(", ", why);
  }

  /** One line for a step of a ramp. */
  void printStep(PrintStream out, int step) {
    out.printf(Locale.ROOT, "step %d: %s speaking + %s listening for %s s: frame forward p50 %.2f p99 %.2f ms, "
            + "recognition lag p50 %.0f max %.0f ms, first audio p50 %.0f p95 %.0f ms, turns %s, shed audio %s, "
            + "errors %s, false starts %s, cpu mean %.0f%% max %.0f%%: %s%n", step, figures.get("sessions"),
        figures.get("listening"), figures.get("seconds"), figures.get("frame_forward_ms_p50"),
        figures.get("frame_forward_ms_p99"), figures.get("recognition_lag_ms_p50"),
        figures.get("recognition_lag_ms_max"), figures.get("turn_first_audio_ms_p50"),
        figures.get("turn_first_audio_ms_p95"), figures.get("turns"), figures.get("shed_audio"),
        figures.get("errors"), figures.get("false_starts"), figures.get("cpu_percent_mean"),
        figures.get("cpu_percent_max"), shortfall() == null ? "kept up" : "did not keep up");
  }

  /** The table, under a first line naming the run. */
  void print(PrintStream out, Object server) {
    out.printf(Locale.ROOT, "%s realtime + %s listening + %s podcast sessions for %s s on %s (%s connected, %s errors)%n",
        figures.get("sessions"), figures.get("listening"), figures.get("podcasts"), figures.get("seconds"),
        server, figures.get("connected"), figures.get("errors"));
    out.printf(Locale.ROOT, "%-36s %10s %10s %10s%n", "ms", "p50", "p95", "p99");
    for (String name : LATENCIES) {
      out.printf(Locale.ROOT, "%-36s %10.2f %10.2f %10.2f%n", name, figures.get(name + "_p50"),
          figures.get(name + "_p95"), figures.get(name + "_p99"));
    }
    out.printf(Locale.ROOT, "turns %s, barge-ins %s, podcast interrupts %s, stale audio deltas %s%n",
        figures.get("turns"), figures.get("barge_ins"), figures.get("podcast_interrupts"),
        figures.get("stale_audio_deltas"));
    out.printf(Locale.ROOT, "speech starts %s (latest %.0f ms after its audio), shed audio %s, listening false starts %s%n",
        figures.get("speech_starts"), figures.get("recognition_lag_ms_max"), figures.get("shed_audio"),
        figures.get("false_starts"));
    out.printf(Locale.ROOT, "cpu mean %.0f%% max %.0f%% (of one core), heap max %.0f MB%n",
        figures.get("cpu_percent_mean"), figures.get("cpu_percent_max"), figures.get("heap_mb_max"));
    out.printf(Locale.ROOT, "live heap %.1f MB at the start, %.1f MB at the end, trend %+.1f MB per hour%n",
        figures.get("live_heap_mb_first"), figures.get("live_heap_mb_last"), figures.get("live_heap_mb_per_hour"));
  }

  /** Appends one line (and a header line to a new file) with the time and every figure. */
  void appendCsv(Path csv) throws IOException {
    if (csv.getParent() != null) {
      Files.createDirectories(csv.getParent());
    }
    boolean fresh = !Files.exists(csv);
    StringBuilder line = new StringBuilder();
    if (fresh) {
      line.append("time,").append(String.join(",", figures.keySet())).append('\n');
    }
    line.append(Instant.now());
    for (Object v : figures.values()) {
      line.append(',').append(v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v);
    }
    line.append('\n');
    Files.writeString(csv, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
