package dev.nexus.gateway;

import dev.nexus.gateway.base.ApiError;
import dev.nexus.gateway.mcp.McpEndpoint;
import dev.nexus.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the API key of every {@code /v1/*} request, WebSocket upgrades included (before the upgrade):
 * {@code Authorization: Bearer KEY}, or for browsers, which cannot set headers on a WebSocket, {@code ?api_key=KEY}
 * or the subprotocol {@code openai-insecure-api-key.KEY} (as OpenAI's browser clients offer it). Keys come from {@code NEXUS_API_KEYS} (every right) and from a keys file, where each key has
 * its own rights ({@link #SCOPES}). The file is read again when it changes, so keys can be added and
 * revoked without a restart. With no keys configured every request passes (and the server is local-only).
 */
final class ApiKeys implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
  /** The rights a key can have; each names the routes it opens. */
  static final List<String> SCOPES = List.of("chat", "audio", "realtime", "podcasts", "documents", "tools", "metrics");
  /** The WebSocket subprotocol that carries a browser's key: {@code openai-insecure-api-key.KEY}. */
  static final String KEY_SUBPROTOCOL = "openai-insecure-api-key.";

  /** One key: its secret, a label for logs, and its rights. */
  record Key(byte[] secret, String label, Set<String> scopes) {
    boolean may(String scope) {
      return scope == null || scopes.contains(scope);
    }
  }

  private final List<Key> fixed;
  private final String file;
  private final int perMinute;
  private final Map<String, double[]> buckets = new ConcurrentHashMap<>();
  private volatile List<Key> keys;
  private volatile String fileVersion = "";

  ApiKeys(List<String> keys) {
    this(keys, null, List.of(), 0);
  }

  /**
   * @param environmentKeys keys with every right (NEXUS_API_KEYS)
   * @param file the keys file, or null
   * @param fileKeys the keys read from the file
   * @param perMinute requests a key may make per minute, in a token bucket of that size (0: no limit)
   */
  ApiKeys(List<String> environmentKeys, String file, List<Key> fileKeys, int perMinute) {
    List<Key> fromEnvironment = new ArrayList<>();
    for (String key : environmentKeys) {
      fromEnvironment.add(new Key(key.getBytes(StandardCharsets.UTF_8), "NEXUS_API_KEYS #" + (fromEnvironment.size() + 1),
          Set.copyOf(SCOPES)));
    }
    this.fixed = List.copyOf(fromEnvironment);
    this.file = file;
    this.perMinute = perMinute;
    this.keys = merged(fileKeys);
  }

  /** Reads the keys file (when there is one) and builds the checker; a bad file fails the start. */
  static Future<ApiKeys> load(Vertx vertx, List<String> environmentKeys, String file, int perMinute) {
    ApiKeys checker = new ApiKeys(environmentKeys, file == null || file.isBlank() ? null : file, List.of(), perMinute);
    return checker.readIfChanged(vertx).map(checker).recover(err -> Future.failedFuture(
        err instanceof ConfigException ? err : new ConfigException("API keys file " + file + " cannot be read: "
            + err.getMessage())));
  }

  /** Reads the keys file if it changed since it was last read; fails when it cannot be read or parsed. */
  private Future<Void> readIfChanged(Vertx vertx) {
    if (file == null) {
      return Future.succeededFuture();
    }
    return vertx.fileSystem().props(file).compose(props -> {
      String version = props.lastModifiedTime() + "/" + props.size();
      if (version.equals(fileVersion)) {
        return Future.succeededFuture();
      }
      return vertx.fileSystem().readFile(file).map(bytes -> {
        List<Key> fresh = parse(bytes.toString(StandardCharsets.UTF_8), file);
        keys = merged(fresh);
        boolean first = fileVersion.isEmpty();
        fileVersion = version;
        LOG.info("API keys file {} {}: {} keys", file, first ? "read" : "read again", fresh.size());
        return null;
      });
    });
  }

  /**
   * Parses a keys file: one key a line, {@code KEY [SCOPES] [LABEL...]}, where SCOPES is {@code *} (every right,
   * the default) or a comma-separated list of {@link #SCOPES}; blank lines and lines starting with {@code #} are
   * skipped.
   */
  static List<Key> parse(String text, String source) {
    List<Key> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s+", 3);
      String where = source + " line " + (i + 1);
      String secret = fields[0];
      if (secret.length() < 8) {
        throw new ConfigException(where + ": a key must be at least 8 characters");
      }
      if (!seen.add(secret)) {
        throw new ConfigException(where + ": this key is listed twice");
      }
      Set<String> scopes = new LinkedHashSet<>();
      String rights = fields.length > 1 ? fields[1] : "*";
      for (String scope : rights.split(",")) {
        if (scope.equals("*")) {
          scopes.addAll(SCOPES);
        } else if (SCOPES.contains(scope)) {
          scopes.add(scope);
        } else {
          throw new ConfigException(where + ": unknown right '" + scope + "'; rights are * or " + SCOPES);
        }
      }
      if (scopes.isEmpty()) {
        throw new ConfigException(where + ": the key has no rights; give * or some of " + SCOPES);
      }
      String label = fields.length > 2 ? fields[2] : source + ":" + (i + 1);
      out.add(new Key(secret.getBytes(StandardCharsets.UTF_8), label, Set.copyOf(scopes)));
    }
    return out;
  }

  private List<Key> merged(List<Key> fileKeys) {
    List<Key> all = new ArrayList<>(fixed);
    all.addAll(fileKeys);
    return List.copyOf(all);
  }

  /**
   * Reads the keys file again if it changed since it was last read. A file that no longer parses (or is gone)
   * leaves the keys as they were, with an error in the log: a typo must not open the server or lock everyone out.
   */
  Future<Void> reload(Vertx vertx) {
    return readIfChanged(vertx).recover(err -> {
      LOG.error("API keys file {} not reloaded, the previous keys stay: {}", file, err.getMessage());
      return Future.succeededFuture();
    });
  }

  /** Whether keys are required: some were given, or a keys file is configured (even an empty one). */
  boolean enabled() {
    return !fixed.isEmpty() || file != null;
  }

  /** The key whose secret is {@code presented}, or null; compared in constant time, every key compared. */
  Key find(String presented) {
    byte[] given = presented.getBytes(StandardCharsets.UTF_8);
    Key matched = null;
    for (Key key : keys) {
      if (MessageDigest.isEqual(key.secret(), given)) {
        matched = key;
      }
    }
    return matched;
  }

  /** The right a request needs, from its path; null for paths no right covers (they still need a valid key). */
  static String scopeOf(String path) {
    if (path.equals("/metrics")) {
      return "metrics";
    }
    if (path.equals(McpEndpoint.PATH)) {
      return "tools";
    }
    if (!path.startsWith("/v1/")) {
      return null;
    }
    String rest = path.substring(4);
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    return switch (first) {
      case "chat", "models" -> "chat";
      case "audio", "voices" -> "audio";
      case "realtime", "twilio" -> "realtime";
      case "podcasts" -> "podcasts";
      case "documents" -> "documents";
      case "tools" -> "tools";
      default -> null;
    };
  }

  /** Takes a token from the key's bucket; false when the key has used its rate. */
  private boolean allowed(Key key) {
    if (perMinute <= 0) {
      return true;
    }
    double[] bucket = buckets.computeIfAbsent(new String(key.secret(), StandardCharsets.UTF_8),
        k -> new double[] {perMinute, System.nanoTime()});
    synchronized (bucket) {
      long now = System.nanoTime();
      bucket[0] = Math.min(perMinute, bucket[0] + (now - bucket[1]) / 60e9 * perMinute);
      bucket[1] = now;
      if (bucket[0] < 1) {
        return false;
      }
      bucket[0] -= 1;
      return true;
    }
  }

  /** The key a request presents: the bearer token, else {@code ?api_key}, else the key subprotocol; or null. */
  static String presentedKey(RoutingContext ctx) {
    String header = ctx.request().getHeader("authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    String param = ctx.request().getParam("api_key");
    if (param != null) {
      return param;
    }
    String protocols = ctx.request().getHeader("sec-websocket-protocol");
    if (protocols != null) {
      for (String protocol : protocols.split(",")) {
        if (protocol.strip().startsWith(KEY_SUBPROTOCOL)) {
          return protocol.strip().substring(KEY_SUBPROTOCOL.length());
        }
      }
    }
    return null;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!enabled()) {
      ctx.next();
      return;
    }
    String presented = presentedKey(ctx);
    if (presented == null || presented.isEmpty()) {
      ApiError.send(ctx, 401, "invalid_request_error", "missing_api_key", null,
          "This server needs an API key: send 'Authorization: Bearer KEY' (or, from a browser, ?api_key=KEY or the "
              + "WebSocket subprotocol " + KEY_SUBPROTOCOL + "KEY)");
      return;
    }
    Key matched = find(presented);
    if (matched == null) {
      ApiError.send(ctx, 401, "invalid_request_error", "invalid_api_key", null, "The API key is not valid");
      return;
    }
    String scope = scopeOf(ctx.request().path());
    if (!matched.may(scope)) {
      LOG.debug("key {} refused {}: it lacks the right {}", matched.label(), ctx.request().path(), scope);
      ApiError.send(ctx, 403, "permission_error", "insufficient_permissions", null,
          "This API key may not use " + scope + " (its rights: " + String.join(", ", new TreeSet<>(
              matched.scopes())) + ")");
      return;
    }
    if (!allowed(matched)) {
      ctx.response().putHeader("retry-after", String.valueOf(Math.max(1, 60 / perMinute)));
      ApiError.send(ctx, 429, "rate_limit_error", "rate_limit_exceeded", null,
          "This key has made more than " + perMinute + " requests in a minute; slow down");
      return;
    }
    ctx.next();
  }
}
