package dev.nexus.cli;

import dev.nexus.config.ConfigException;
import dev.nexus.config.NexusEnvironment;
import dev.nexus.node.NexusServer;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server of a command's own (loadtest, podcast): no keys, any free port, on 127.0.0.1 only; configured by the
 * embedded defaults, overridden by a {@code verticles-config}-style directory when one is given (as {@code serve
 * --config} takes).
 */
final class LoopbackServer {
  private LoopbackServer() {
  }

  /** @param config the directory whose YAML files override the embedded defaults; null for none */
  static NexusServer start(NexusEnvironment environment, Path config) throws Exception {
    try {
      return new NexusServer(new NexusEnvironment(0, environment.models(), environment.data(), List.of()), config, 0)
          .httpOverrides(new JsonObject().put("host", "127.0.0.1"))
          .start().await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      ConfigException problem = ConfigException.within(e);
      if (problem != null) {
        throw problem; // a configuration file's problem, which names the file and the key
      }
      throw e;
    }
  }

  /** A command's work against a server, given the server's URL. */
  interface Work {
    int run(String url) throws Exception;
  }

  /**
   * Runs {@code work} against the server at {@code url} or, when that is null, against a server of the command's own
   * (configured from {@code config} when not null) at {@code <scheme>://127.0.0.1:<port>}, stopped afterwards. An
   * exception of the {@code passed} type, or a configuration problem, reaches the caller (a usage error); any other
   * failure is printed as "error: the {@code what} failed" and gives exit code 1.
   */
  static int serving(Console console, String url, Path config, String scheme, String what,
      Class<? extends RuntimeException> passed, Work work) {
    NexusServer own = null;
    try {
      if (url == null) {
        own = start(console.environment(), config);
        url = scheme + "://127.0.0.1:" + own.port();
      }
      return work.run(url);
    } catch (Exception e) {
      if (passed.isInstance(e)) {
        throw passed.cast(e);
      }
      if (e instanceof ConfigException problem) {
        throw problem;
      }
      console.err().println("error: the " + what + " failed: " + e);
      return 1;
    } finally {
      stopQuietly(own, console.err());
    }
  }

  /** Stops a server if there is one, warning (not failing) when it does not stop cleanly. */
  static void stopQuietly(NexusServer server, PrintStream err) {
    if (server != null) {
      try {
        server.stop().await(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("warning: the server did not stop cleanly: " + e.getMessage());
      }
    }
  }
}
