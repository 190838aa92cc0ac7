package dev.nexus.cli;

import dev.nexus.config.NexusEnvironment;
import java.io.PrintStream;
import java.util.Map;

/**
 * What a command talks to: its output, its error stream and the process environment (tests pass their own).
 */
public record Console(PrintStream out, PrintStream err, Map<String, String> env) {
  /** The validated NEXUS_* environment. */
  public NexusEnvironment environment() {
    return NexusEnvironment.from(env);
  }
}
