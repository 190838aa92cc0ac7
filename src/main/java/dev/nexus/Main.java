package dev.nexus;

import dev.nexus.config.ConfigException;
import dev.nexus.config.NexusEnvironment;
import dev.nexus.models.ModelCatalog;
import dev.nexus.models.ModelStore;
import dev.nexus.server.NexusServer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The {@code nexus} command line: serve, models. */
public final class Main {
  static final String USAGE = String.join("\n",
      "usage: java -jar nexus.jar <command> [options]",
      "",
      "commands:",
      "  serve [--port N] [--config DIR]   run the server (defaults embedded; DIR overrides verticles-config/*.yaml)",
      "        [--tls-cert FILE --tls-key FILE | --tls-self-signed]   serve https:// and wss:// (PEM files)",
      "        [--cluster [--cluster-host IP] [--cluster-port N] [--cluster-members IP:PORT,...]]",
      "        [--roles gateway,asr,tts,llm,podcast,tools|none] [--plugin CLASS]...",
      "                                     join a Hazelcast cluster (TCP/IP members) and run only these roles",
      "  models list                        list the models Nexus can pull, and which are present",
      "  models pull NAME...                download models into NEXUS_MODELS, checking sha256",
      "  models verify NAME...              re-check the sha256 of models already pulled",
      "  loadtest [--sessions N] [--podcasts M] [--seconds S] [--url ws://127.0.0.1:PORT] [--audio FILE] [--csv FILE]",
      "                                     realtime and podcast sessions on loopback (a server of its own",
      "                                     when no --url); prints percentiles, appends to the CSV",
      "  podcast (--text FILE | --topic T | --url U) [--minutes N] [--style deep_dive|brief|debate]",
      "          [--out FILE.wav] [--server http://127.0.0.1:PORT]",
      "                                     make an episode with a progress bar (a server of its own when no",
      "                                     --server), then save its audio and print its transcript",
      "  report [FILE.csv]                  summary of a latency ledger (default: the newest in NEXUS_DATA/metrics)",
      "                                     and a PNG chart beside it",
      "  help                               this text",
      "",
      "environment: NEXUS_PORT (8080), NEXUS_MODELS (~/.cache/nexus/models), NEXUS_DATA (~/.local/share/nexus),",
      "             NEXUS_MODELS_MIRROR (fetch models from a mirror), NEXUS_PYTHON (for models pull whisper-*:",
      "             Python with PyTorch, /usr/bin/python3), NEXUS_LOG_LEVEL (INFO),",
      "             NEXUS_API_KEYS (comma-separated keys every /v1 request must present),",
      "             NEXUS_API_KEYS_FILE (keys with their rights, one a line; read again when it changes)");

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  Main(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    Main main = new Main(System.out, System.err, System.getenv());
    if (args.length > 0 && args[0].equals("serve")) {
      NexusServer server = main.serve(List.of(args).subList(1, args.length));
      if (server == null) {
        System.exit(2);
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.stop().onComplete(done -> stopped.countDown());
        try {
          stopped.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "nexus-shutdown"));
      return;
    }
    System.exit(main.run(args));
  }

  /** Runs a non-serving command; returns the process exit code. */
  int run(String[] args) {
    Deque<String> words = new ArrayDeque<>(List.of(args));
    String command = words.isEmpty() ? "help" : words.pop();
    try {
      switch (command) {
        case "help", "--help", "-h" -> {
          out.println(USAGE);
          return 0;
        }
        case "models" -> {
          return models(words);
        }
        case "loadtest" -> {
          return loadtest(new java.util.ArrayList<>(words));
        }
        case "report" -> {
          return report(words);
        }
        case "podcast" -> {
          return podcast(new java.util.ArrayList<>(words));
        }
        default -> {
          err.println("unknown command '" + command + "'\n" + USAGE);
          return 2;
        }
      }
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
  }

  /** Starts the server and waits until it is up; returns null (after saying why) if it cannot start. */
  NexusServer serve(List<String> args) {
    Integer port = null;
    Path config = null;
    io.vertx.core.json.JsonObject tls = new io.vertx.core.json.JsonObject();
    boolean clustered = false;
    String clusterHost = "127.0.0.1";
    int clusterPort = 5701;
    List<String> members = List.of();
    java.util.Set<String> roles = dev.nexus.server.ClusterOptions.standalone().roles();
    List<String> plugins = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        switch (arg) {
          case "--port" -> port = parsePort(value(args, ++i, arg));
          case "--config" -> {
            config = Path.of(value(args, ++i, arg));
            if (!Files.isDirectory(config)) {
              throw new ConfigException("--config " + config + ": not a directory");
            }
          }
          case "--tls-cert" -> tls.put("cert", existing(value(args, ++i, arg), arg));
          case "--tls-key" -> tls.put("key", existing(value(args, ++i, arg), arg));
          case "--tls-self-signed" -> tls.put("self-signed", true);
          case "--cluster" -> clustered = true;
          case "--cluster-host" -> clusterHost = value(args, ++i, arg);
          case "--cluster-port" -> clusterPort = parsePort(value(args, ++i, arg));
          case "--cluster-members" -> members = List.of(value(args, ++i, arg).split(","));
          case "--roles" -> roles = dev.nexus.server.ClusterOptions.roles(value(args, ++i, arg));
          case "--plugin" -> plugins.add(value(args, ++i, arg));
          default -> throw new ConfigException("unknown option '" + arg + "' for serve\n" + USAGE);
        }
      }
      if (tls.containsKey("cert") != tls.containsKey("key")) {
        throw new ConfigException("--tls-cert and --tls-key go together");
      }
      if (!clustered && (roles.size() != dev.nexus.server.ClusterOptions.ROLES.size() || !members.isEmpty())) {
        throw new ConfigException("--roles and --cluster-members need --cluster");
      }
      NexusServer server = new NexusServer(NexusEnvironment.from(env), config, port)
          .cluster(new dev.nexus.server.ClusterOptions(clustered, clusterHost, clusterPort, members, roles, plugins));
      if (!tls.isEmpty()) {
        server.httpOverrides(new io.vertx.core.json.JsonObject().put("tls", tls));
      }
      NexusServer started = server.start().await(120, TimeUnit.SECONDS);
      out.println(dev.nexus.models.Setup.text(started.health().await(30, TimeUnit.SECONDS).getJsonObject("setup")));
      return started;
    } catch (ConfigException e) {
      err.println("error: " + e.getMessage());
      return null;
    } catch (Exception e) {
      Throwable cause = e;
      while (cause.getCause() != null && !(cause instanceof ConfigException)) {
        cause = cause.getCause();
      }
      err.println("error: Nexus could not start: " + cause.getMessage());
      return null;
    }
  }

  /** Runs the load harness; with no --url, against a server of its own on loopback. */
  int loadtest(List<String> args) {
    int sessions = 10;
    int podcasts = 2;
    int seconds = 30;
    String url = null;
    Path audio = null;
    Path csv = null;
    NexusEnvironment environment = NexusEnvironment.from(env);
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--sessions" -> sessions = count(value(args, ++i, arg), arg, 0, 100_000);
        case "--podcasts" -> podcasts = count(value(args, ++i, arg), arg, 0, 10_000);
        case "--seconds" -> seconds = count(value(args, ++i, arg), arg, 1, 86_400);
        case "--url" -> url = value(args, ++i, arg);
        case "--audio" -> audio = Path.of(existing(value(args, ++i, arg), arg));
        case "--csv" -> csv = Path.of(value(args, ++i, arg));
        default -> throw new ConfigException("unknown option '" + arg + "' for loadtest\n" + USAGE);
      }
    }
    if (audio == null) {
      audio = environment.models().resolve("audio/jfk.flac");
      if (!Files.isRegularFile(audio)) {
        throw new ConfigException("the load harness streams a recording: give --audio FILE (WAV or FLAC), or run "
            + "'models pull jfk-sample'");
      }
    }
    if (csv == null) {
      csv = environment.data().resolve("metrics/loadtest.csv");
    }
    NexusServer server = null;
    try {
      if (url == null) {
        server = loopbackServer(environment);
        url = "ws://127.0.0.1:" + server.port();
      }
      new dev.nexus.load.LoadTest(new dev.nexus.load.LoadTest.Options(java.net.URI.create(url), sessions, podcasts,
          seconds, audio, csv), out).run();
      out.println("appended to " + csv);
      return 0;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      err.println("error: the load test failed: " + e);
      return 1;
    } finally {
      stopQuietly(server);
    }
  }

  /** A server of a command's own: no keys, any free port, on 127.0.0.1 only. */
  private static NexusServer loopbackServer(NexusEnvironment environment) throws Exception {
    return new NexusServer(new NexusEnvironment(0, environment.models(), environment.data(), List.of()), null, 0)
        .httpOverrides(new io.vertx.core.json.JsonObject().put("host", "127.0.0.1"))
        .start().await(120, TimeUnit.SECONDS);
  }

  private void stopQuietly(NexusServer server) {
    if (server != null) {
      try {
        server.stop().await(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        err.println("warning: the server did not stop cleanly: " + e.getMessage());
      }
    }
  }

  /** Makes an episode through the HTTP API, with a progress bar; with no --server, on a server of its own. */
  int podcast(List<String> args) {
    io.vertx.core.json.JsonObject request = new io.vertx.core.json.JsonObject();
    String server = null;
    Path outFile = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--text" -> {
          try {
            request.put("text", Files.readString(Path.of(existing(value(args, ++i, arg), arg))));
          } catch (java.io.IOException e) {
            throw new ConfigException("--text: " + e.getMessage());
          }
        }
        case "--topic" -> request.put("topic", value(args, ++i, arg));
        case "--url" -> request.put("url", value(args, ++i, arg));
        case "--minutes" -> {
          String minutes = value(args, ++i, arg);
          try {
            request.put("minutes", Double.parseDouble(minutes));
          } catch (NumberFormatException e) {
            throw new ConfigException("--minutes must be a number (got \"" + minutes + "\")");
          }
        }
        case "--style" -> request.put("style", value(args, ++i, arg));
        case "--out" -> outFile = Path.of(value(args, ++i, arg));
        case "--server" -> server = value(args, ++i, arg);
        default -> throw new ConfigException("unknown option '" + arg + "' for podcast\n" + USAGE);
      }
    }
    if (!request.containsKey("text") && !request.containsKey("topic") && !request.containsKey("url")) {
      throw new ConfigException("podcast needs --text FILE, --topic T or --url U");
    }
    NexusServer own = null;
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      if (server == null) {
        own = loopbackServer(NexusEnvironment.from(env));
        server = "http://127.0.0.1:" + own.port();
      }
      java.net.URI base = java.net.URI.create(server);
      io.vertx.ext.web.client.WebClient http = io.vertx.ext.web.client.WebClient.create(vertx,
          new io.vertx.ext.web.client.WebClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort())
              .setSsl("https".equals(base.getScheme())).setTrustAll(true).setVerifyHost(false));
      var created = http.post("/v1/podcasts").sendJsonObject(request).await(120, TimeUnit.SECONDS);
      if (created.statusCode() != 202) {
        err.println("error: " + created.bodyAsJsonObject().getJsonObject("error").getString("message"));
        return 1;
      }
      String id = created.bodyAsJsonObject().getString("id");
      io.vertx.core.json.JsonObject status = created.bodyAsJsonObject();
      while (!List.of("ready", "failed", "interrupted").contains(status.getString("status"))) {
        Thread.sleep(200);
        status = http.get("/v1/podcasts/" + id).send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
        int percent = status.getInteger("percent", 0);
        out.print("\r[" + "#".repeat(percent / 5) + "-".repeat(20 - percent / 5) + "] " + percent + "% "
            + String.format("%-10s", status.getString("status")));
        out.flush();
      }
      out.println();
      if (!"ready".equals(status.getString("status"))) {
        err.println("error: the episode " + status.getString("status") + ": " + status.getString("error"));
        return 1;
      }
      Path wav = outFile != null ? outFile : Path.of(id + ".wav");
      Files.write(wav, http.get("/v1/podcasts/" + id + "/audio").send().await(120, TimeUnit.SECONDS).body().getBytes());
      out.println(http.get("/v1/podcasts/" + id + "/transcript").send().await(30, TimeUnit.SECONDS).bodyAsString());
      out.println("episode " + id + ": " + wav.toAbsolutePath() + " (" + status.getLong("duration_ms") / 1000 + " s)");
      return 0;
    } catch (ConfigException e) {
      throw e;
    } catch (Exception e) {
      err.println("error: the podcast failed: " + e);
      return 1;
    } finally {
      vertx.close();
      stopQuietly(own);
    }
  }

  private int report(Deque<String> words) {
    Path csv;
    try {
      if (!words.isEmpty()) {
        csv = Path.of(words.pop());
      } else {
        Path dir = NexusEnvironment.from(env).data().resolve("metrics");
        try (var files = Files.list(dir)) {
          csv = files.filter(f -> f.getFileName().toString().startsWith("turns-")
              && f.getFileName().toString().endsWith(".csv")).max(java.util.Comparator.naturalOrder())
              .orElseThrow(() -> new ConfigException("no turns-*.csv in " + dir + " yet"));
        }
      }
      if (!Files.isRegularFile(csv)) {
        throw new ConfigException(csv + ": no such file");
      }
      dev.nexus.load.Report.run(csv, out);
      return 0;
    } catch (java.io.IOException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static int count(String text, String option, int min, int max) {
    try {
      int n = Integer.parseInt(text);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(option + " must be a whole number from " + min + " to " + max + " (got \"" + text + "\")");
  }

  private static String existing(String file, String option) {
    if (!Files.isRegularFile(Path.of(file))) {
      throw new ConfigException(option + " " + file + ": no such file");
    }
    return Path.of(file).toAbsolutePath().toString();
  }

  private int models(Deque<String> words) throws ConfigException {
    NexusEnvironment environment = NexusEnvironment.from(env);
    ModelStore store = new ModelStore(environment.models(), ModelCatalog.embedded(), env.get(ModelStore.MIRROR_ENV))
        .python(env.get("NEXUS_PYTHON"));
    String verb = words.isEmpty() ? "list" : words.pop();
    switch (verb) {
      case "list" -> {
        out.println("models in " + store.root() + ":");
        for (ModelCatalog.Model model : store.catalog().all()) {
          out.printf("  %-24s %-8s %s%n", model.name(), store.isPresent(model.name()) ? "present" : "-",
              model.description());
        }
        return 0;
      }
      case "pull", "verify" -> {
        if (words.isEmpty()) {
          err.println("models " + verb + " needs at least one model name; see 'models list'");
          return 2;
        }
        int failures = 0;
        for (String name : words) {
          failures += verb.equals("pull") ? pull(store, name) : verify(store, name);
        }
        return failures == 0 ? 0 : 1;
      }
      default -> {
        err.println("unknown models command '" + verb + "'\n" + USAGE);
        return 2;
      }
    }
  }

  private int pull(ModelStore store, String name) {
    try {
      store.pull(name, line -> out.println(name + ": " + line));
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println(name + ": interrupted");
      return 1;
    } catch (Exception e) {
      err.println(name + ": pull failed: " + e.getMessage());
      return 1;
    }
  }

  private int verify(ModelStore store, String name) {
    String problem = store.verify(name);
    if (problem == null) {
      out.println(name + ": ok");
      return 0;
    }
    err.println(name + ": " + problem);
    return 1;
  }

  private static String value(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new ConfigException(option + " needs a value");
    }
    return args.get(index);
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException("--port must be a port number from 0 to 65535 (got \"" + text + "\")");
  }
}
