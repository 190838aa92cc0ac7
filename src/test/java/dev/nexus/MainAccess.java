package dev.nexus;

import java.io.PrintStream;
import java.util.Map;

/** Runs the command line from tests in other packages. */
public final class MainAccess {
  private MainAccess() {
  }

  public static int run(Map<String, String> env, PrintStream out, PrintStream err, String... args) {
    return new Main(out, err, env).run(args);
  }
}
