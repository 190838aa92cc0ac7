package dev.nexus.client;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.TimeUnit;

/**
 * Routes under test served on a plain Vert.x (no node, no stages but the test's own bus handlers), on a free port,
 * with a web client aimed at them.
 */
public record RoutedServer(HttpServer server, WebClient http) {
  /** Serves {@code router} on a free port; the client's default host and port are the server's. */
  public static RoutedServer serve(Vertx vertx, Router router) throws Exception {
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0).await(10, TimeUnit.SECONDS);
    return new RoutedServer(server, WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort())));
  }
}
