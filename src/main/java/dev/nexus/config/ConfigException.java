package dev.nexus.config;

/** A configuration problem a user can fix; its message names the file and the key. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
