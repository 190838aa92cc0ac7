package dev.nexus.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.StageFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The episodes this capability keeps, as its clients see them: each one's status (in memory, saved in its
 * {@code status.json} and published on the bus as it changes), the scripts written but not yet rendered (live
 * sessions can play them already), and the answers to status, list, script and audio requests.
 */
final class Episodes {
  private static final Logger LOG = LoggerFactory.getLogger(Episodes.class);

  private final Vertx vertx;
  private final EpisodeStore store;
  private final Blocking blocking;
  private final Map<String, JsonObject> statuses = new ConcurrentHashMap<>();
  private final Map<String, PodcastScript> written = new ConcurrentHashMap<>();

  Episodes(Vertx vertx, EpisodeStore store, Blocking blocking) {
    this.vertx = vertx;
    this.store = store;
    this.blocking = blocking;
  }

  /**
   * Reads the stored episodes (blocking: call from a worker). An episode in the making when the server stopped is
   * marked to be resumed, not lost; the ids of those are returned.
   */
  List<String> load() throws IOException {
    int torn = store.sweep();
    if (torn > 0) {
      LOG.info("removed {} half-written temporary file(s) or edit(s) under {}", torn, "podcasts/");
    }
    List<String> resuming = new ArrayList<>();
    for (String id : store.ids()) {
      JsonObject status = store.readStatus(id);
      if (status == null) {
        continue;
      }
      if (List.of("queued", "writing", "rendering").contains(status.getString("status"))) {
        if (store.readOrder(id) != null) {
          status.put("status", "queued").put("resumed", true);
          resuming.add(id);
        } else { // made by a version that kept no order: nothing to resume from
          status.put("status", "interrupted").put("error", "the server stopped while this episode was being made; "
              + "create it again");
        }
        store.writeStatus(id, status);
      }
      statuses.put(id, status);
    }
    return resuming;
  }

  int size() {
    return statuses.size();
  }

  /** An episode's status (the live object: change it through this class), or null. */
  JsonObject status(String id) {
    return id == null ? null : statuses.get(id);
  }

  void add(String id, JsonObject status) {
    statuses.put(id, status);
  }

  /** Replaces a status already saved (by an edit's commit), and publishes it as the episode's progress. */
  void replace(String id, JsonObject status) {
    statuses.put(id, status);
    vertx.eventBus().publish(Addresses.podcastProgress(id), status.copy());
  }

  /** The script a live session can play before the episode is rendered, or none ({@code null}). */
  void written(String id, PodcastScript script) {
    if (script == null) {
      written.remove(id);
    } else {
      written.put(id, script);
    }
  }

  /** Moves an episode to {@code state}: publishes its status and saves it; a ready episode's status sums it up. */
  void progress(String id, String state, int percent, PodcastScript script) {
    JsonObject status = statuses.get(id);
    status.put("status", state).put("percent", percent);
    if (script != null) {
      status.put("title", script.title()).put("duration_ms", script.audio().durationMs())
          .put("hosts", new JsonArray(script.hosts().stream().map(h -> new JsonObject().put("name", h.name())
              .put("voice", h.voice())).toList()));
    }
    JsonObject copy = status.copy();
    vertx.eventBus().publish(Addresses.podcastProgress(id), copy);
    blocking.run(() -> {
      store.writeStatus(id, copy);
      return null;
    }).onFailure(err -> LOG.warn("podcast {}: status not saved: {}", id, err.getMessage()));
  }

  /** Every episode's status, oldest first. */
  JsonArray list() {
    return new JsonArray(statuses.values().stream().map(JsonObject::copy)
        .sorted((a, b) -> a.getString("created").compareTo(b.getString("created"))).toList());
  }

  /** An episode a request names, with its status. */
  private record Asked(String id, JsonObject status) {
    boolean ready() {
      return Episodes.ready(status);
    }
  }

  /** Whether an episode with this status is made: its script and audio are stored. */
  static boolean ready(JsonObject status) {
    return "ready".equals(status.getString("status"));
  }

  /** The episode a request names, or null after answering NOT_FOUND. */
  private Asked asked(Message<JsonObject> message) {
    String id = message.body().getString("id", "");
    JsonObject status = statuses.get(id);
    if (status == null) {
      StageFailure.NOT_FOUND.fail(message, "no podcast with id '" + id + "'");
      return null;
    }
    return new Asked(status.getString("id"), status);
  }

  /** Answers an episode's status, with its script once written. */
  void get(Message<JsonObject> message) {
    Asked asked = asked(message);
    if (asked == null) {
      return;
    }
    JsonObject now = asked.status().copy();
    if (!asked.ready()) {
      PodcastScript script = written.get(asked.id());
      message.reply(script == null ? now : now.put("script", new JsonObject(script.toJson())));
      return;
    }
    blocking.run(() -> store.readScript(asked.id())).onSuccess(script -> message.reply(now
            .put("script", new JsonObject(script.toJson()))))
        .onFailure(err -> StageFailure.FAILED.fail(message, err.getMessage()));
  }

  /** An episode's script: the one written for an episode in the making, else the stored one. */
  Future<PodcastScript> script(String id) {
    PodcastScript draft = id == null ? null : written.get(id);
    if (draft != null) {
      return Future.succeededFuture(draft);
    }
    JsonObject status = status(id);
    return status == null || !ready(status)
        ? Future.failedFuture("no script for '" + id + "'") : blocking.run(() -> store.readScript(id));
  }

  /** Answers an episode's WAV. */
  void audio(Message<JsonObject> message) {
    Asked asked = asked(message);
    if (asked == null) {
      return;
    }
    if (!asked.ready()) {
      StageFailure.NOT_READY.fail(message, "the podcast is " + asked.status().getString("status") + ", not ready");
      return;
    }
    blocking.run(() -> Buffer.buffer(Files.readAllBytes(store.audio(asked.id())))).onSuccess(message::reply)
        .onFailure(err -> StageFailure.FAILED.fail(message, err.getMessage()));
  }
}
