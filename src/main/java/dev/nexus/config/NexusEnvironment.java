package dev.nexus.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The environment variables Nexus reads, with their defaults.
 *
 * @param apiKeys the keys from NEXUS_API_KEYS (comma-separated); with none, and no keys file, no key is required
 * @param apiKeysFile NEXUS_API_KEYS_FILE: a file of keys with their rights (see docs/SECURITY.md), or null
 */
public record NexusEnvironment(int port, Path models, Path data, List<String> apiKeys, Path apiKeysFile) {
  public static final int DEFAULT_PORT = 8080;

  public NexusEnvironment(int port, Path models, Path data, List<String> apiKeys) {
    this(port, models, data, apiKeys, null);
  }

  /** Reads NEXUS_PORT, NEXUS_MODELS, NEXUS_DATA, NEXUS_API_KEYS and NEXUS_API_KEYS_FILE from the given environment. */
  public static NexusEnvironment from(Map<String, String> env) {
    String home = System.getProperty("user.home");
    int port = DEFAULT_PORT;
    String portText = env.get("NEXUS_PORT");
    if (portText != null && !portText.isBlank()) {
      try {
        port = Integer.parseInt(portText.trim());
      } catch (NumberFormatException e) {
        port = -1;
      }
      if (port < 0 || port > 65535) {
        throw new ConfigException("environment: NEXUS_PORT must be a port number from 0 to 65535 (got \""
            + portText + "\")");
      }
    }
    Path models = pathOr(env.get("NEXUS_MODELS"), Path.of(home, ".cache", "nexus", "models"));
    Path data = pathOr(env.get("NEXUS_DATA"), Path.of(home, ".local", "share", "nexus"));
    String keys = env.getOrDefault("NEXUS_API_KEYS", "");
    List<String> apiKeys = Arrays.stream(keys.split(",")).map(String::trim)
        .filter(k -> !k.isEmpty()).toList();
    String keysFile = env.get("NEXUS_API_KEYS_FILE");
    return new NexusEnvironment(port, models, data, apiKeys, pathOr(keysFile, null));
  }

  /** The real process environment. */
  public static NexusEnvironment current() {
    return from(System.getenv());
  }

  private static Path pathOr(String value, Path fallback) {
    return value == null || value.isBlank() ? fallback : Path.of(value).toAbsolutePath();
  }
}
