package dev.nexus.tools.mcp;

import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One MCP server from tools.yaml's {@code mcp.servers}: either stdio (a command with arguments and environment,
 * started and owned by Nexus) or Streamable HTTP (a URL with headers).
 *
 * @param name the prefix of its tools in the registry ({@code <name>.<tool>})
 * @param command the program to start (stdio), or null
 * @param url the Streamable HTTP endpoint, or null
 */
public record McpServerConfig(String name, String command, List<String> args, Map<String, String> env, URI url,
    Map<String, String> headers) {
  /** What a server's name may be: it prefixes tool names, so no dots. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  public McpServerConfig {
    args = List.copyOf(args);
    env = Map.copyOf(env);
    headers = Map.copyOf(headers);
  }

  /** Whether Nexus starts this server as a child process speaking over stdio. */
  public boolean stdio() {
    return command != null;
  }

  /** Reads every server of a {@code servers} mapping; each error names the file and the key. */
  public static List<McpServerConfig> all(Settings servers) {
    List<McpServerConfig> out = new ArrayList<>();
    for (String name : servers.json().fieldNames()) {
      String key = servers.source() + ": key 'mcp.servers." + name;
      if (!NAME.matcher(name).matches()) {
        throw new ConfigException(key + "': a server's name must be 1 to 32 letters, digits, _ or - (it prefixes "
            + "its tools' names)");
      }
      out.add(of(name, servers.section(name), key));
    }
    return out;
  }

  private static McpServerConfig of(String name, Settings server, String key) {
    String command = server.string("command", null);
    String url = server.string("url", null);
    if ((command == null) == (url == null)) {
      throw new ConfigException(key + "' needs exactly one of 'command' (stdio) or 'url' (Streamable HTTP)");
    }
    URI uri = null;
    if (url != null) {
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + ".url' is not a URL: " + e.getMessage());
      }
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new ConfigException(key + ".url' must be an http:// or https:// URL (got \"" + url + "\")");
      }
    }
    return new McpServerConfig(name, command, server.strings("args", List.of()), strings(server, "env", key),
        uri, strings(server, "headers", key));
  }

  private static Map<String, String> strings(Settings server, String section, String key) {
    JsonObject json = server.section(section).json();
    Map<String, String> out = new LinkedHashMap<>();
    for (String field : json.fieldNames()) {
      Object value = json.getValue(field);
      if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
        throw new ConfigException(key + "." + section + "." + field + "' must be a string");
      }
      out.put(field, String.valueOf(value));
    }
    return out;
  }
}
