package dev.nexus;

import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the test classes that share one server with the embedded configuration, and a client for it. */
public abstract class RunningServerTest {
  protected static TestSupport.Running running;
  protected static NexusServer server;
  protected static Vertx client;
  protected static WebClient http;

  @BeforeAll
  static void startServer() throws Exception {
    running = TestSupport.running(null);
    server = running.server();
    client = running.client();
    http = running.http();
  }

  @AfterAll
  static void stopServer() throws Exception {
    running.close();
  }
}
