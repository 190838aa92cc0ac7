package dev.nexus.gateway.mcp;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.PodcastOrder;
import dev.nexus.gateway.podcast.PodcastRequests;
import io.modelcontextprotocol.server.McpAsyncServerExchange;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code make_podcast}: orders an episode from the podcast capability (the same order {@code POST /v1/podcasts}
 * takes), relays its progress ({@code nexus.podcast.progress.<id>}) as MCP progress notifications when the client
 * gave a progress token, and answers once the episode is ready (or failed), optionally with its WAV.
 *
 * @param timeoutMs the longest a call waits for its episode
 */
record PodcastTool(Vertx vertx, Context context, long timeoutMs) {
  private static final Logger LOG = LoggerFactory.getLogger(PodcastTool.class);

  McpServerFeatures.AsyncToolSpecification specification() {
    Map<String, Object> properties = Map.of(
        "topic", McpCalls.property("string", "what the episode is about (give one of topic, text, url)"),
        "text", McpCalls.property("string", "a source text to discuss"),
        "url", McpCalls.property("string", "an http(s) page to discuss"),
        "minutes", McpCalls.property("number", "its length in minutes (default 3)"),
        "style", Map.of("type", "string", "enum", PodcastOrder.STYLES),
        "include_audio", McpCalls.property("boolean", "return the episode's WAV too (default false)"));
    return McpCalls.tool(context, "make_podcast", "Makes a two-host podcast episode (script and audio) from a topic, a "
        + "text or a URL, reporting progress while it is made; returns its id, title, length and status.",
        McpCalls.schema(properties, List.of()), this::make);
  }

  private Future<McpSchema.CallToolResult> make(McpAsyncServerExchange exchange, McpSchema.CallToolRequest request) {
    JsonObject arguments = McpCalls.arguments(request);
    Object includeAudio = arguments.remove("include_audio");
    if (includeAudio != null && !(includeAudio instanceof Boolean)) {
      throw new McpCalls.BadArgument("include_audio", "must be true or false");
    }
    PodcastOrder order;
    try {
      order = PodcastRequests.order(arguments);
    } catch (PodcastRequests.BadField e) {
      return Future.succeededFuture(McpCalls.error(e.getMessage()));
    }
    Object token = request.meta() == null ? null : request.meta().get("progressToken");
    return vertx.eventBus().<JsonObject>request(Addresses.PODCAST_CREATE, order,
            new DeliveryOptions().setSendTimeout(60_000))
        .compose(created -> finished(created.body().getString("id"), exchange, token))
        .compose(status -> {
          if (!"ready".equals(status.getString("status"))) {
            return Future.succeededFuture(McpCalls.error("the episode " + status.getString("id") + " "
                + status.getString("status") + ": " + status.getString("error", "no reason given")));
          }
          McpSchema.CallToolResult.Builder result = McpSchema.CallToolResult.builder().isError(false)
              .addTextContent("The episode " + status.getString("id") + " \"" + status.getString("title")
                  + "\" is ready: " + status.getLong("duration_ms", 0L) / 1000 + " s; its audio is GET /v1/podcasts/"
                  + status.getString("id") + "/audio")
              .structuredContent(McpCalls.plain(status));
          if (!Boolean.TRUE.equals(includeAudio)) {
            return Future.succeededFuture(result.build());
          }
          return vertx.eventBus().<Buffer>request(Addresses.PODCAST_AUDIO, new JsonObject().put("id",
                  status.getString("id")), new DeliveryOptions().setSendTimeout(60_000))
              .map(wav -> result.addContent(new McpSchema.AudioContent(null,
                  Base64.getEncoder().encodeToString(wav.body().getBytes()), "audio/wav")).build());
        });
  }

  /** Follows the episode until it is ready or failed, relaying each step as progress; completes with its status. */
  private Future<JsonObject> finished(String id, McpAsyncServerExchange exchange, Object token) {
    Promise<JsonObject> done = Promise.promise();
    MessageConsumer<JsonObject> progress = vertx.eventBus().consumer(Addresses.podcastProgress(id), m -> {
      String state = m.body().getString("status");
      if (token != null) {
        exchange.progressNotification(new McpSchema.ProgressNotification(token,
                m.body().getInteger("percent", 0).doubleValue(), 100.0, state))
            .subscribe(null, err -> LOG.debug("progress of podcast {} not sent: {}", id, err.getMessage()));
      }
      if (!List.of("queued", "writing", "rendering").contains(state)) {
        lookUp(id, done);
      }
    });
    long timer = vertx.setTimer(timeoutMs, t -> done.tryFail("the episode " + id + " was not ready within "
        + timeoutMs / 1000 + " s; GET /v1/podcasts/" + id + " follows it"));
    progress.completion().onComplete(registered -> lookUp(id, done)); // it may have finished before we listened
    return done.future().andThen(v -> {
      progress.unregister();
      vertx.cancelTimer(timer);
    });
  }

  /** Completes {@code done} with the episode's status once it is no longer being made. */
  private void lookUp(String id, Promise<JsonObject> done) {
    vertx.eventBus().<JsonObject>request(Addresses.PODCAST_GET, new JsonObject().put("id", id))
        .onSuccess(reply -> {
          JsonObject status = reply.body();
          if (!List.of("queued", "writing", "rendering").contains(status.getString("status"))) {
            status.remove("script");
            done.tryComplete(status.put("id", id));
          }
        })
        .onFailure(done::tryFail);
  }
}
