package dev.nexus.gateway.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.PodcastOrder;
import dev.nexus.gateway.base.BusErrors;
import dev.nexus.podcast.PodcastScript;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Brings a live session its episode: orders a new one (and relays its progress) or looks up an existing one, and
 * hands over the script as soon as it is written, before the audio is rendered.
 */
final class EpisodeFeed {
  /** What the feed tells its session. */
  interface Listener {
    void progress(String podcastId, String status, int percent);

    void ready(String podcastId, PodcastScript script);

    /** The episode cannot be had; {@code param} names the order's field at fault, if one is. */
    void failed(String code, String param, String message);
  }

  private final Vertx vertx;
  private final Listener listener;
  private MessageConsumer<JsonObject> progress;
  private String podcastId;
  private boolean delivered;

  EpisodeFeed(Vertx vertx, Listener listener) {
    this.vertx = vertx;
    this.listener = listener;
  }

  /** Orders an episode from {@code request} (the podcast request's JSON, parsed here into the typed order). */
  void create(JsonObject request) {
    PodcastOrder order;
    try {
      order = PodcastRequests.order(request);
    } catch (PodcastRequests.BadField e) {
      listener.failed("podcast_failed", e.param, "The episode could not be made: " + e.getMessage());
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.PODCAST_CREATE, order, new DeliveryOptions().setSendTimeout(60_000))
        .onSuccess(reply -> {
          podcastId = reply.body().getString("id");
          listener.progress(podcastId, "queued", 0);
          progress = vertx.eventBus().consumer(Addresses.podcastProgress(podcastId), m -> {
            listener.progress(podcastId, m.body().getString("status"), m.body().getInteger("percent"));
            if (!delivered && List.of("rendering", "ready", "failed").contains(m.body().getString("status"))) {
              load(podcastId);
            }
          });
        })
        .onFailure(err -> listener.failed("podcast_failed", null, "The episode could not be made: "
            + BusErrors.message(err, "podcast")));
  }

  /** Looks up an episode; its script comes once it is written. */
  void load(String id) {
    podcastId = id;
    vertx.eventBus().<JsonObject>request(Addresses.PODCAST_GET, new JsonObject().put("id", id))
        .onSuccess(reply -> {
          JsonObject status = reply.body();
          if (delivered) {
            return;
          }
          if (status.getJsonObject("script") == null) {
            if ("failed".equals(status.getString("status")) || "interrupted".equals(status.getString("status"))) {
              listener.failed("podcast_failed", null, "The episode is " + status.getString("status") + ": "
                  + status.getString("error"));
            } else if (progress == null) {
              progress = vertx.eventBus().consumer(Addresses.podcastProgress(id), m -> load(id));
            }
            return;
          }
          delivered = true;
          close();
          listener.ready(id, PodcastScript.fromJson(status.getJsonObject("script").encode()));
        })
        .onFailure(err -> listener.failed("podcast_not_found", null, "No podcast '" + id + "': " + err.getMessage()));
  }

  /** Stops relaying progress. */
  void close() {
    if (progress != null) {
      progress.unregister();
      progress = null;
    }
  }
}
