package dev.nexus.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A load run's summary: its figures by name, printed as a table and appended to a CSV file. */
final class LoadSummary {
  /** The latency rows of the table, each with _p50, _p95 and _p99 figures. */
  private static final List<String> LATENCIES = List.of("frame_forward_ms", "turn_first_audio_ms", "barge_in_ms",
      "barge_in_server_ms", "podcast_answer_audio_ms");

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

  /** The table, under a first line naming the run. */
  void print(PrintStream out, LoadTest.Options options) {
    out.printf(Locale.ROOT, "%d realtime + %d podcast sessions for %d s on %s (%d connected, %d errors)%n",
        options.sessions(), options.podcasts(), options.seconds(), options.server(), figures.get("connected"),
        figures.get("errors"));
    out.printf(Locale.ROOT, "%-36s %10s %10s %10s%n", "ms", "p50", "p95", "p99");
    for (String name : LATENCIES) {
      out.printf(Locale.ROOT, "%-36s %10.2f %10.2f %10.2f%n", name, figures.get(name + "_p50"),
          figures.get(name + "_p95"), figures.get(name + "_p99"));
    }
    out.printf(Locale.ROOT, "turns %s, barge-ins %s, podcast interrupts %s, stale audio deltas %s%n",
        figures.get("turns"), figures.get("barge_ins"), figures.get("podcast_interrupts"),
        figures.get("stale_audio_deltas"));
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
