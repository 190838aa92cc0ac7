package dev.nexus.cli;

import static dev.nexus.cli.Options.count;
import static dev.nexus.cli.Options.counts;
import static dev.nexus.cli.Options.existing;
import static dev.nexus.cli.Options.value;

import dev.nexus.config.ConfigException;
import dev.nexus.config.NexusEnvironment;
import dev.nexus.load.LoadTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code loadtest}: the load harness; with no {@code --url}, against a server of its own on loopback, configured
 * like {@code serve} ({@code --config DIR}).
 */
public final class LoadTestCommand {
  private final Console console;

  public LoadTestCommand(Console console) {
    this.console = console;
  }

  /** Runs the harness; returns the exit code (bad options throw {@link ConfigException}). */
  public int run(List<String> args) {
    List<Integer> sessions = List.of(10);
    List<Integer> listening = List.of(0);
    int podcasts = 2;
    int seconds = 30;
    int warmup = 0;
    boolean spread = false;
    String url = null;
    Path config = null;
    Path audio = null;
    Path csv = null;
    NexusEnvironment environment = console.environment();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--sessions" -> sessions = counts(value(args, ++i, arg), arg, 0, 100_000);
        case "--listening" -> listening = counts(value(args, ++i, arg), arg, 0, 100_000);
        case "--podcasts" -> podcasts = count(value(args, ++i, arg), arg, 0, 10_000);
        case "--seconds" -> seconds = count(value(args, ++i, arg), arg, 1, 86_400);
        case "--warmup" -> warmup = count(value(args, ++i, arg), arg, 0, 3600);
        case "--spread" -> spread = true;
        case "--url" -> url = value(args, ++i, arg);
        case "--config" -> config = Options.directory(value(args, ++i, arg), arg);
        case "--audio" -> audio = Path.of(existing(value(args, ++i, arg), arg));
        case "--csv" -> csv = Path.of(value(args, ++i, arg));
        default -> throw Options.unknown(arg, "loadtest");
      }
    }
    if (sessions.size() > 1 && listening.size() > 1) {
      throw new ConfigException("--sessions and --listening: only one of them can be a list of steps");
    }
    if (config != null && url != null) {
      throw new ConfigException("--config configures the harness's own server; it cannot be used with --url");
    }
    if (audio == null && sessions.get(sessions.size() - 1) > 0) { // listening sessions need no recording
      audio = environment.models().resolve("audio/jfk.flac");
      if (!Files.isRegularFile(audio)) {
        throw new ConfigException("the load harness streams a recording: give --audio FILE (WAV or FLAC), or run "
            + "'models pull jfk-sample'");
      }
    }
    if (csv == null) {
      csv = environment.data().resolve("metrics/loadtest.csv");
    }
    LoadTest.Options options = new LoadTest.Options(null, sessions, podcasts, listening, seconds, audio, csv, spread,
        warmup);
    return LoopbackServer.serving(console, url, config, "ws", "load test", IllegalArgumentException.class, at -> {
      new LoadTest(options.at(URI.create(at)), console.out()).run();
      console.out().println("appended to " + options.csv());
      return 0;
    });
  }
}
