package dev.nexus.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.PodcastOrder;
import dev.nexus.bus.StageFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes episodes from orders: checks the order against this capability's limits and the server's voices, reads the
 * source, has the reasoning stage write the script and the renderer speak it. The work is kept as it goes, so an
 * episode the server was making when it stopped is resumed at the next start.
 */
final class EpisodeMaker {
  private static final Logger LOG = LoggerFactory.getLogger(EpisodeMaker.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** This capability's limits on an order, and the hosts of an order that names none. */
  record Limits(double maxMinutes, int maxSourceChars, List<PodcastScript.Host> defaultHosts, long stageTimeoutMs) {
  }

  private final Vertx vertx;
  private final Episodes episodes;
  private final EpisodeStore store;
  private final Blocking blocking;
  private final SourceReader sources;
  private final EpisodeRenderer renderer;
  private final Limits limits;
  private volatile boolean stopping;

  EpisodeMaker(Vertx vertx, Episodes episodes, EpisodeStore store, Blocking blocking, SourceReader sources,
      EpisodeRenderer renderer, Limits limits) {
    this.vertx = vertx;
    this.episodes = episodes;
    this.store = store;
    this.blocking = blocking;
    this.sources = sources;
    this.renderer = renderer;
    this.limits = limits;
  }

  /** From now on, a failure is the server going down: the work kept is resumed at the next start. */
  void stopping() {
    stopping = true;
  }

  /** Takes an order: replies the new episode's status once its source is read, then makes it in the background. */
  void create(Message<PodcastOrder> message) {
    PodcastOrder order = message.body();
    List<PodcastScript.Host> hosts;
    try {
      hosts = check(order);
    } catch (BadRequest e) {
      StageFailure.INVALID_REQUEST.fail(message, e.getMessage());
      return;
    }
    String id = newId();
    Stages stages = new Stages(vertx, id, limits.stageTimeoutMs());
    checkVoices(hosts)
        .compose(v -> sources.read(order, stages))
        .onFailure(err -> (err instanceof BadRequest ? StageFailure.INVALID_REQUEST : StageFailure.SOURCE_UNREADABLE)
            .fail(message, err.getMessage()))
        .onSuccess(source -> {
          JsonObject status = new JsonObject().put("id", id).put("status", "queued").put("percent", 0)
              .put("created", Instant.now().toString()).put("source", new JsonObject().put("kind", order.kind().field())
                  .put("value", SourceReader.shown(order)))
              .put("minutes", order.minutes()).put("style", order.style()).put("version", 1);
          episodes.add(id, status);
          blocking.run(() -> {
            store.writeOrder(new PodcastScript(PodcastScript.VERSION, id, null, source, order.style(), order.minutes(),
                hosts, List.of(), null));
            store.writeStatus(id, status);
            return null;
          }).onComplete(saved -> {
            message.reply(status.copy());
            make(id, new ScriptGenerator.Request(id, source, order.minutes(), order.style(), hosts), stages, null);
          });
        });
  }

  /** The order within this capability's limits; its hosts, or the default ones. */
  private List<PodcastScript.Host> check(PodcastOrder order) {
    if (order.kind() == null || order.value() == null || order.value().isBlank()) {
      throw new BadRequest("give exactly one of 'topic', 'text' or 'url'");
    }
    if (order.value().length() > limits.maxSourceChars()) {
      throw new BadRequest("'" + order.kind().field() + "' is longer than " + limits.maxSourceChars() + " characters");
    }
    if (!(order.minutes() >= 0.5 && order.minutes() <= limits.maxMinutes())) {
      throw new BadRequest("'minutes' must be a number from 0.5 to " + limits.maxMinutes());
    }
    if (!PodcastOrder.STYLES.contains(order.style())) {
      throw new BadRequest("'style' must be one of " + PodcastOrder.STYLES);
    }
    if (order.hosts().isEmpty()) {
      return limits.defaultHosts();
    }
    if (order.hosts().size() < 2 || order.hosts().size() > 4) {
      throw new BadRequest("'hosts' must be an array of 2 to 4 {\"name\",\"voice\"} objects");
    }
    return order.hosts().stream().map(h -> new PodcastScript.Host(h.name(), h.voice(), h.persona())).toList();
  }

  private Future<Void> checkVoices(List<PodcastScript.Host> hosts) {
    return vertx.eventBus().<JsonObject>request(Addresses.SYNTHESIS_VOICES, "list").compose(reply -> {
      JsonArray voices = reply.body().getJsonArray("voices", reply.body().getJsonArray("data", new JsonArray()));
      List<String> known = new ArrayList<>();
      for (Object v : voices) {
        if (v instanceof JsonObject voice) {
          known.add(voice.getString("id"));
          voice.getJsonArray("aliases", new JsonArray()).forEach(a -> known.add(String.valueOf(a)));
        }
      }
      for (PodcastScript.Host h : hosts) {
        if (!known.isEmpty() && !known.contains(h.voice())) {
          return Future.failedFuture(new BadRequest("host " + h.name() + ": unknown voice '" + h.voice()
              + "' (GET /v1/voices lists them)"));
        }
      }
      return Future.succeededFuture();
    });
  }

  /** Goes on with an episode the server was making when it stopped, from the work it had kept. */
  void resume(String id) {
    blocking.run(() -> new PodcastScript[] {store.readOrder(id), store.readDraft(id)}).onSuccess(kept -> {
      PodcastScript order = kept[0];
      LOG.info("podcast {}: resuming after a restart ({})", id, kept[1] == null ? "writing again" : "the script is kept");
      make(id, new ScriptGenerator.Request(id, order.source(), order.minutes(), order.style(), order.hosts()),
          new Stages(vertx, id, limits.stageTimeoutMs()), kept[1]);
    }).onFailure(err -> {
      episodes.status(id).put("error", "the episode could not be resumed: " + err.getMessage());
      episodes.progress(id, "failed", 0, null);
    });
  }

  /** Writes the script (unless a kept draft is given), then speaks it; the work is kept as it goes. */
  private void make(String id, ScriptGenerator.Request request, Stages stages, PodcastScript draft) {
    if (draft == null) {
      episodes.progress(id, "writing", 0, null);
    }
    ScriptGenerator generator = new ScriptGenerator(stages::ask,
        f -> episodes.progress(id, "writing", (int) (f * 60), null));
    Future<PodcastScript> script = draft != null ? Future.succeededFuture(draft)
        : generator.generate(request).compose(s -> blocking.run(() -> {
          store.writeDraft(s);
          return s;
        }));
    script
        .compose(s -> {
          episodes.written(id, s);
          String note = ScriptGenerator.lengthNote(s); // a source too short for the length asked for says so
          if (note != null) {
            episodes.status(id).put("note", note);
          }
          episodes.progress(id, "rendering", 60, null);
          return renderer.render(s, stages, new EpisodeRenderer.Progress() {
            @Override
            public void resumed(int segments) {
              LOG.info("podcast {}: {} of {} segments were spoken before the restart", id, segments,
                  s.segments().size());
              episodes.status(id).put("resumed_segments", segments);
            }

            @Override
            public void spoken(int done, int total) {
              episodes.progress(id, "rendering", 60 + 40 * done / Math.max(1, total) - 1, null);
            }
          });
        })
        .onComplete(done -> episodes.written(id, null))
        .onSuccess(s -> {
          episodes.progress(id, "ready", 100, s);
          finished(id);
        })
        .onFailure(err -> {
          if (stopping) { // the server is going down: the work kept is resumed at the next start
            LOG.info("podcast {}: stopped while being made ({}); it resumes at the next start", id, err.getMessage());
            return;
          }
          LOG.warn("podcast {} failed: {}", id, err.getMessage());
          episodes.status(id).put("error", err.getMessage());
          episodes.progress(id, "failed", episodes.status(id).getInteger("percent", 0), null);
          finished(id);
        });
  }

  /** Saves the final status, then removes the work kept for resuming (in that order: a crash between is safe). */
  private void finished(String id) {
    JsonObject status = episodes.status(id).copy();
    blocking.run(() -> {
      store.writeStatus(id, status);
      store.removeWork(id);
      return null;
    }).onFailure(err -> LOG.warn("podcast {}: its working files were not removed: {}", id, err.getMessage()));
  }

  private static String newId() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder id = new StringBuilder("pod_");
    for (int i = 0; i < 16; i++) {
      id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return id.toString();
  }
}
