package dev.nexus.cli;

import dev.nexus.config.NexusEnvironment;
import dev.nexus.node.NexusServer;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A server of a command's own (loadtest, podcast): no keys, any free port, on 127.0.0.1 only. */
final class LoopbackServer {
  private LoopbackServer() {
  }

  static NexusServer start(NexusEnvironment environment) throws Exception {
    return new NexusServer(new NexusEnvironment(0, environment.models(), environment.data(), List.of()), null, 0)
        .httpOverrides(new JsonObject().put("host", "127.0.0.1"))
        .start().await(120, TimeUnit.SECONDS);
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
