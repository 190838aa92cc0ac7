package dev.nexus.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a capability's YAML configuration with vertx-config: the embedded default
 * ({@code verticles-config/<name>.yaml} inside the jar) overlaid by the same file in the directory
 * given with {@code serve --config DIR}, when there is one.
 */
public final class ConfigLoader {
  /** Where the embedded defaults live, on the classpath and in the source tree. */
  public static final String EMBEDDED_DIR = "verticles-config";

  private final Vertx vertx;
  private final Path overrideDir;

  public ConfigLoader(Vertx vertx, Path overrideDir) {
    this.vertx = vertx;
    this.overrideDir = overrideDir;
  }

  /** The merged configuration of one capability; fails with a {@link ConfigException}. */
  public Future<Settings> load(String capability) {
    String file = capability + ".yaml";
    Future<JsonObject> embedded = read(EMBEDDED_DIR + "/" + file, EMBEDDED_DIR + "/" + file + " (embedded)");
    if (overrideDir == null) {
      return embedded.map(json -> new Settings(EMBEDDED_DIR + "/" + file, json));
    }
    Path override = overrideDir.resolve(file);
    if (!Files.isRegularFile(override)) {
      return embedded.map(json -> new Settings(EMBEDDED_DIR + "/" + file, json));
    }
    return embedded.compose(base -> read(override.toString(), override.toString())
        .map(json -> new Settings(override.toString(), base.mergeIn(json, true))));
  }

  private Future<JsonObject> read(String path, String label) {
    ConfigStoreOptions store = new ConfigStoreOptions().setType("file").setFormat("yaml")
        .setConfig(new JsonObject().put("path", path));
    ConfigRetriever retriever = ConfigRetriever.create(vertx,
        new ConfigRetrieverOptions().setScanPeriod(-1).addStore(store));
    return retriever.getConfig()
        .eventually(retriever::close)
        .recover(err -> Future.failedFuture(new ConfigException(label + ": cannot read YAML: "
            + firstLine(rootCause(err).getMessage()))));
  }

  /** The innermost cause of {@code err} ({@code err} itself when it has none). */
  public static Throwable rootCause(Throwable err) {
    Throwable cause = err;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    return message.replace('\n', ' ').replaceAll("\\s+", " ").trim();
  }
}
