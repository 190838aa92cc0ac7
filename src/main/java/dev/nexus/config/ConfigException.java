package dev.nexus.config;

/** A configuration problem a user can fix; its message names the file and the key. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  /** The configuration problem somewhere in {@code failure}'s cause chain (itself included), or null when none is. */
  public static ConfigException within(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigException problem) {
        return problem;
      }
    }
    return null;
  }
}
