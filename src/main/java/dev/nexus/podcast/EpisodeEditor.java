package dev.nexus.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.ScriptEdits;
import dev.nexus.bus.StageException;
import dev.nexus.bus.StageFailure;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Edits ready episodes' scripts ({@link Addresses#PODCAST_EDIT}): makes the edits, has the renderer speak the changed
 * segments again (the others keep their audio), and replaces the episode's audio, script and status as one change,
 * with its {@code version} one higher. Edits to one episode are made one after the other, in the order they came.
 */
final class EpisodeEditor {
  private static final Logger LOG = LoggerFactory.getLogger(EpisodeEditor.class);

  private final Episodes episodes;
  private final EpisodeStore store;
  private final Blocking blocking;
  private final EpisodeRenderer renderer;
  private final Function<String, Stages> stages;
  /** The last edit of each episode being edited: the next one waits for it. */
  private final Map<String, Future<JsonObject>> queue = new ConcurrentHashMap<>();

  /** @param stages the stages an episode's requests go to, by the episode's id */
  EpisodeEditor(Episodes episodes, EpisodeStore store, Blocking blocking, EpisodeRenderer renderer,
      Function<String, Stages> stages) {
    this.episodes = episodes;
    this.store = store;
    this.blocking = blocking;
    this.renderer = renderer;
    this.stages = stages;
  }

  /** Replies the episode's new status with its script and the segments spoken again ({@code rendered_segments}). */
  void handle(Message<ScriptEdits> message) {
    String id = message.body().podcastId();
    if (episodes.status(id) == null) {
      StageFailure.NOT_FOUND.fail(message, "no podcast with id '" + id + "'");
      return;
    }
    Future<JsonObject> edit = queue.getOrDefault(id, Future.succeededFuture())
        .transform(previous -> edit(message.body()));
    queue.put(id, edit);
    edit.onComplete(done -> queue.remove(id, edit))
        .onSuccess(message::reply)
        .onFailure(err -> {
          StageFailure kind = err instanceof BadRequest ? StageFailure.INVALID_REQUEST
              : err instanceof StageException se && se.stage().equals(Addresses.PODCAST) ? se.failure()
              : StageFailure.FAILED;
          if (kind == StageFailure.FAILED) {
            LOG.warn("podcast {}: an edit failed: {}", id, err.getMessage());
          }
          kind.fail(message, err.getMessage());
        });
  }

  private Future<JsonObject> edit(ScriptEdits edits) {
    String id = edits.podcastId();
    JsonObject status = episodes.status(id);
    if (!Episodes.ready(status)) {
      return Future.failedFuture(new StageException(StageFailure.NOT_READY, Addresses.PODCAST,
          "the podcast is " + status.getString("status") + "; its script can be edited once it is ready"));
    }
    return blocking.run(() -> store.readScript(id)).compose(script -> {
      ScriptEditor.Edited edited = ScriptEditor.apply(script, edits.edits());
      return renderer.rerender(edited.script(), edited.changed(), stages.apply(id))
          .compose(rendered -> {
            JsonObject next = status.copy().put("version", status.getInteger("version", 1) + 1)
                .put("edited", Instant.now().toString()).put("duration_ms", rendered.script().audio().durationMs());
            return blocking.run(() -> {
              store.commitEdit(rendered.script(), rendered.header(), rendered.pcm(), rendered.layout(), next);
              return null;
            }).map(v -> {
              episodes.replace(id, next);
              return next.copy().put("script", new JsonObject(rendered.script().toJson()))
                  .put("rendered_segments", new JsonArray(List.copyOf(edited.changed())));
            });
          });
    });
  }
}
