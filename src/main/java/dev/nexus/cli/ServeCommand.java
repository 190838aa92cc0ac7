package dev.nexus.cli;

import static dev.nexus.cli.Options.existing;
import static dev.nexus.cli.Options.value;

import dev.nexus.config.ConfigException;
import dev.nexus.config.ConfigLoader;
import dev.nexus.node.ClusterOptions;
import dev.nexus.node.NexusServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import dev.nexus.models.Setup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code serve}: starts a node (standalone, or one member of a cluster) and keeps it up until the process ends. */
public final class ServeCommand {
  private final Console console;

  public ServeCommand(Console console) {
    this.console = console;
  }

  /** Starts the server and waits until it is up; returns null (after saying why) if it cannot start. */
  public NexusServer start(List<String> args) {
    try {
      NexusServer started = node(args).start().await(120, TimeUnit.SECONDS);
      console.out().println(Setup.text(started.health().await(30, TimeUnit.SECONDS).getJsonObject("setup")));
      return started;
    } catch (ConfigException e) {
      console.err().println("error: " + e.getMessage());
      return null;
    } catch (Exception e) {
      ConfigException problem = ConfigException.within(e);
      console.err().println("error: Nexus could not start: " + (problem != null ? problem : ConfigLoader.rootCause(e)).getMessage());
      return null;
    }
  }

  /** The node the options describe, not yet started. */
  private NexusServer node(List<String> args) {
    Integer port = null;
    Path config = null;
    JsonObject tls = new JsonObject();
    boolean clustered = false;
    String clusterHost = "127.0.0.1";
    int clusterPort = 5701;
    List<String> members = List.of();
    Set<String> roles = ClusterOptions.standalone().roles();
    List<String> plugins = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--port" -> port = Options.port(value(args, ++i, arg), arg);
        case "--config" -> config = Options.directory(value(args, ++i, arg), arg);
        case "--tls-cert" -> tls.put("cert", existing(value(args, ++i, arg), arg));
        case "--tls-key" -> tls.put("key", existing(value(args, ++i, arg), arg));
        case "--tls-self-signed" -> tls.put("self-signed", true);
        case "--cluster" -> clustered = true;
        case "--cluster-host" -> clusterHost = value(args, ++i, arg);
        case "--cluster-port" -> clusterPort = Options.port(value(args, ++i, arg), arg);
        case "--cluster-members" -> members = List.of(value(args, ++i, arg).split(","));
        case "--roles" -> roles = ClusterOptions.roles(value(args, ++i, arg));
        case "--plugin" -> plugins.add(value(args, ++i, arg));
        default -> throw Options.unknown(arg, "serve");
      }
    }
    if (tls.containsKey("cert") != tls.containsKey("key")) {
      throw new ConfigException("--tls-cert and --tls-key go together");
    }
    if (!clustered && (roles.size() != ClusterOptions.ROLES.size() || !members.isEmpty())) {
      throw new ConfigException("--roles and --cluster-members need --cluster");
    }
    NexusServer server = new NexusServer(console.environment(), config, port)
        .cluster(new ClusterOptions(clustered, clusterHost, clusterPort, members, roles, plugins));
    if (!tls.isEmpty()) {
      server.httpOverrides(new JsonObject().put("tls", tls));
    }
    return server;
  }

  /** Stops the server when the process is asked to end (Ctrl-C, SIGTERM), waiting up to 30 s for it. */
  public static void stopOnShutdown(NexusServer server) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop().onComplete(done -> stopped.countDown());
      try {
        stopped.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "nexus-shutdown"));
  }
}
