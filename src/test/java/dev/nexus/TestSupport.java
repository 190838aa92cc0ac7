package dev.nexus;

import dev.nexus.config.NexusEnvironment;
import dev.nexus.models.ModelCatalog;
import dev.nexus.models.ModelStore;
import dev.nexus.node.NexusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared helpers: a running server on a free port, and the model store the tests read from. */
public final class TestSupport {
  private TestSupport() {
  }

  /**
   * The model store for tests: NEXUS_MODELS when set, else ../shared/models beside the checkout,
   * else target/models filled by a real {@code models pull} of the test files (sha256 checked).
   */
  public static synchronized ModelStore models() {
    String configured = System.getenv("NEXUS_MODELS");
    Path root;
    if (configured != null && !configured.isBlank() && Files.isDirectory(Path.of(configured))) {
      root = Path.of(configured);
    } else if (Files.isDirectory(Path.of("../shared/models"))) {
      root = Path.of("../shared/models");
    } else {
      root = Path.of("target/models");
    }
    ModelStore store = new ModelStore(root.toAbsolutePath(), ModelCatalog.embedded(),
        System.getenv(ModelStore.MIRROR_ENV));
    if (!store.isPresent("silero-vad") || !store.isPresent("whisper-assets")) {
      try { // a clone on its own: fetch the few test models from their public homes, sha256-checked
        store.pull("silero-vad", line -> { });
        store.pull("whisper-assets", line -> { });
      } catch (Exception e) {
        throw new IllegalStateException("the test models are missing from " + store.root()
            + " and could not be pulled (set NEXUS_MODELS to a directory holding them): " + e.getMessage(), e);
      }
    }
    return store;
  }

  /** A real recording of speech: ../shared/audio/jfk.flac, or the store's pulled copy. */
  public static Path jfkFlac() throws IOException, InterruptedException {
    Path shared = Path.of("../shared/audio/jfk.flac");
    if (Files.isRegularFile(shared)) {
      return shared;
    }
    ModelStore store = models();
    store.pull("jfk-sample", line -> { });
    return store.resolve("audio/jfk.flac");
  }

  /** An environment for a test server: port 0, data in a fresh temporary directory. */
  public static NexusEnvironment environment() throws IOException {
    return environment(Map.of());
  }

  /** The test environment with extra variables (NEXUS_API_KEYS, for example). */
  public static NexusEnvironment environment(Map<String, String> extra) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("NEXUS_PORT", "0");
    env.put("NEXUS_MODELS", models().root().toString());
    env.put("NEXUS_DATA", Files.createTempDirectory("nexus-data").toString());
    env.putAll(extra);
    return NexusEnvironment.from(env);
  }

  /** A running server with a client Vert.x and a WebClient aimed at it; close() stops both. */
  public record Running(NexusServer server, io.vertx.core.Vertx client, io.vertx.ext.web.client.WebClient http)
      implements AutoCloseable {
    @Override
    public void close() throws Exception {
      server.stop().await(30, TimeUnit.SECONDS);
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Starts a server (configuration overridden by {@code configDir}, may be null) and a client for it. */
  public static Running running(Path configDir) throws Exception {
    return running(configDir, Map.of());
  }

  /** The same, with extra environment variables (NEXUS_API_KEYS_FILE, for example). */
  public static Running running(Path configDir, Map<String, String> env) throws Exception {
    NexusServer server = new NexusServer(environment(env), configDir, null).start().await(60, TimeUnit.SECONDS);
    io.vertx.core.Vertx client = io.vertx.core.Vertx.vertx();
    return new Running(server, client, io.vertx.ext.web.client.WebClient.create(client,
        new io.vertx.ext.web.client.WebClientOptions().setDefaultPort(server.port())));
  }

  /** Starts a whole server with the embedded configuration on a free port. */
  public static NexusServer startServer() throws Exception {
    return startServer(null);
  }

  /** Starts a whole server whose configuration is overridden by the files in {@code configDir}. */
  public static NexusServer startServer(Path configDir) throws Exception {
    return new NexusServer(environment(), configDir, null).start().await(60, TimeUnit.SECONDS);
  }
}
