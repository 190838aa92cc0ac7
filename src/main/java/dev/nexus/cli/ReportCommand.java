package dev.nexus.cli;

import dev.nexus.config.ConfigException;
import dev.nexus.load.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** {@code report}: the summary and chart of a latency ledger, by default the newest in NEXUS_DATA/metrics. */
public final class ReportCommand {
  private final Console console;

  public ReportCommand(Console console) {
    this.console = console;
  }

  /** Prints the summary; returns the exit code (a missing or foreign file throws {@link ConfigException}). */
  public int run(List<String> args) {
    Path csv;
    try {
      if (!args.isEmpty()) {
        csv = Path.of(args.get(0));
      } else {
        Path dir = console.environment().data().resolve("metrics");
        try (Stream<Path> files = Files.list(dir)) {
          csv = files.filter(f -> f.getFileName().toString().startsWith("turns-")
              && f.getFileName().toString().endsWith(".csv")).max(Comparator.naturalOrder())
              .orElseThrow(() -> new ConfigException("no turns-*.csv in " + dir + " yet"));
        }
      }
      if (!Files.isRegularFile(csv)) {
        throw new ConfigException(csv + ": no such file");
      }
      Report.run(csv, console.out());
      return 0;
    } catch (IOException e) {
      console.err().println("error: " + e.getMessage());
      return 1;
    }
  }
}
