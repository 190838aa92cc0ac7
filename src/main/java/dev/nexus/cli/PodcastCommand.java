package dev.nexus.cli;

import static dev.nexus.cli.Options.existing;
import static dev.nexus.cli.Options.value;

import dev.nexus.config.ConfigException;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code podcast}: makes an episode through the HTTP API with a progress bar; with no --server, on a server of its own. */
public final class PodcastCommand {
  private final Console console;

  public PodcastCommand(Console console) {
    this.console = console;
  }

  /** Makes the episode, saves its audio and prints its transcript; returns the exit code. */
  public int run(List<String> args) {
    JsonObject request = new JsonObject();
    String server = null;
    Path outFile = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--text" -> {
          try {
            request.put("text", Files.readString(Path.of(existing(value(args, ++i, arg), arg))));
          } catch (IOException e) {
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
        default -> throw Options.unknown(arg, "podcast");
      }
    }
    if (!request.containsKey("text") && !request.containsKey("topic") && !request.containsKey("url")) {
      throw new ConfigException("podcast needs --text FILE, --topic T or --url U");
    }
    Path out = outFile;
    Vertx vertx = Vertx.vertx();
    try {
      return LoopbackServer.serving(console, server, null, "http", "podcast", ConfigException.class, at -> {
        URI base = URI.create(at);
        WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost(base.getHost())
            .setDefaultPort(base.getPort()).setSsl("https".equals(base.getScheme())).setTrustAll(true)
            .setVerifyHost(false));
        return make(http, request, out);
      });
    } finally {
      vertx.close();
    }
  }

  private int make(WebClient http, JsonObject request, Path outFile) throws Exception {
    var created = http.post("/v1/podcasts").sendJsonObject(request).await(120, TimeUnit.SECONDS);
    if (created.statusCode() != 202) {
      console.err().println("error: " + created.bodyAsJsonObject().getJsonObject("error").getString("message"));
      return 1;
    }
    String id = created.bodyAsJsonObject().getString("id");
    JsonObject status = created.bodyAsJsonObject();
    while (!List.of("ready", "failed", "interrupted").contains(status.getString("status"))) {
      Thread.sleep(200);
      status = http.get("/v1/podcasts/" + id).send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
      int percent = status.getInteger("percent", 0);
      console.out().print("\r[" + "#".repeat(percent / 5) + "-".repeat(20 - percent / 5) + "] " + percent + "% "
          + String.format("%-10s", status.getString("status")));
      console.out().flush();
    }
    console.out().println();
    if (!"ready".equals(status.getString("status"))) {
      console.err().println("error: the episode " + status.getString("status") + ": " + status.getString("error"));
      return 1;
    }
    Path wav = outFile != null ? outFile : Path.of(id + ".wav");
    Files.write(wav, http.get("/v1/podcasts/" + id + "/audio").send().await(120, TimeUnit.SECONDS).body().getBytes());
    console.out().println(http.get("/v1/podcasts/" + id + "/transcript").send().await(30, TimeUnit.SECONDS)
        .bodyAsString());
    console.out().println("episode " + id + ": " + wav.toAbsolutePath() + " (" + status.getLong("duration_ms") / 1000
        + " s)");
    return 0;
  }
}
