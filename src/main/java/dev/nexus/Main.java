package dev.nexus;

import dev.nexus.cli.Console;
import dev.nexus.cli.LoadTestCommand;
import dev.nexus.cli.ModelsCommand;
import dev.nexus.cli.PodcastCommand;
import dev.nexus.cli.ReportCommand;
import dev.nexus.cli.ServeCommand;
import dev.nexus.cli.Usage;
import dev.nexus.config.ConfigException;
import dev.nexus.node.NexusServer;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** The {@code nexus} command line: dispatches to one class per command in {@link dev.nexus.cli}. */
public final class Main {
  private final Console console;

  Main(PrintStream out, PrintStream err, Map<String, String> env) {
    this.console = new Console(out, err, env);
  }

  public static void main(String[] args) {
    Main main = new Main(System.out, System.err, System.getenv());
    if (args.length > 0 && args[0].equals("serve")) {
      NexusServer server = main.serve(List.of(args).subList(1, args.length));
      if (server == null) {
        System.exit(2);
      }
      ServeCommand.stopOnShutdown(server);
      return;
    }
    System.exit(main.run(args));
  }

  /** Runs a non-serving command; returns the process exit code. */
  int run(String[] args) {
    String command = args.length == 0 ? "help" : args[0];
    List<String> rest = args.length == 0 ? List.of() : List.of(args).subList(1, args.length);
    try {
      return switch (command) {
        case "help", "--help", "-h" -> {
          console.out().println(Usage.TEXT);
          yield 0;
        }
        case "models" -> new ModelsCommand(console).run(rest);
        case "loadtest" -> new LoadTestCommand(console).run(rest);
        case "report" -> new ReportCommand(console).run(rest);
        case "podcast" -> new PodcastCommand(console).run(rest);
        default -> {
          console.err().println("unknown command '" + command + "'\n" + Usage.TEXT);
          yield 2;
        }
      };
    } catch (ConfigException | IllegalArgumentException e) {
      console.err().println("error: " + e.getMessage());
      return 2;
    }
  }

  /** Starts the server and waits until it is up; returns null (after saying why) if it cannot start. */
  NexusServer serve(List<String> args) {
    return new ServeCommand(console).start(args);
  }
}
