package dev.nexus.cli;

import dev.nexus.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading command-line options: each problem is a {@link ConfigException} naming the option. */
final class Options {
  private Options() {
  }

  /** The value after {@code option}, at {@code index}. */
  static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new ConfigException(option + " needs a value");
    }
    return args.get(index);
  }

  /** A whole number from {@code min} to {@code max}. */
  static int count(String text, String option, int min, int max) {
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(option + " must be a whole number from " + min + " to " + max + " (got \"" + text + "\")");
  }

  /** Comma-separated whole numbers from {@code min} to {@code max}, each larger than the one before (a ramp's steps). */
  static List<Integer> counts(String text, String option, int min, int max) {
    List<Integer> counts = new ArrayList<>();
    for (String piece : text.split(",", -1)) {
      int n = count(piece.trim(), option, min, max);
      if (!counts.isEmpty() && n <= counts.get(counts.size() - 1)) {
        throw new ConfigException(option + " steps must grow, each larger than the last (got \"" + text + "\")");
      }
      counts.add(n);
    }
    return List.copyOf(counts);
  }

  /** A directory that exists, such as {@code --config}'s. */
  static Path directory(String dir, String option) {
    if (!Files.isDirectory(Path.of(dir))) {
      throw new ConfigException(option + " " + dir + ": not a directory");
    }
    return Path.of(dir);
  }

  /** The absolute path of a file that exists. */
  static String existing(String file, String option) {
    if (!Files.isRegularFile(Path.of(file))) {
      throw new ConfigException(option + " " + file + ": no such file");
    }
    return Path.of(file).toAbsolutePath().toString();
  }

  /** A port number for {@code option} ({@code --port} or {@code --cluster-port}). */
  static int port(String text, String option) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(option + " must be a port number from 0 to 65535 (got \"" + text + "\")");
  }

  /** The error for an option the command does not take, followed by the usage. */
  static ConfigException unknown(String option, String command) {
    return new ConfigException("unknown option '" + option + "' for " + command + "\n" + Usage.TEXT);
  }
}
