package dev.nexus.gateway.podcast;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each live podcast session's listener is, kept in a shared map (cluster-wide when clustered), so a reconnect
 * with the same session id resumes where the listener was.
 *
 * @param resumed the client named an existing session to resume
 */
record LiveCursors(Vertx vertx, String sessionId, boolean resumed) {
  private static final Logger LOG = LoggerFactory.getLogger(LiveCursors.class);
  /** The shared map of live sessions' cursors. */
  static final String SESSIONS = "nexus.podcast.live";
  private static final long KEEP_MS = 24L * 3600 * 1000;

  /** A session's saved place. */
  record Saved(String podcastId, Cursor cursor) {
  }

  private Future<AsyncMap<String, JsonObject>> map() {
    return vertx.sharedData().getAsyncMap(SESSIONS);
  }

  /** The saved place of a resumed session (null when new, unknown or unreadable). */
  Future<Saved> load(String podcastId) {
    if (!resumed) {
      return Future.succeededFuture(null);
    }
    return map().compose(m -> m.get(sessionId)).map(saved -> saved == null ? null
            : new Saved(saved.getString("podcast_id"), Cursor.of(saved.getJsonObject("cursor"))))
        .otherwise((Saved) null);
  }

  void save(String podcastId, Cursor cursor) {
    if (podcastId == null || podcastId.isEmpty()) {
      return;
    }
    JsonObject state = new JsonObject().put("podcast_id", podcastId).put("cursor", cursor.toJson());
    map().compose(m -> m.put(sessionId, state, KEEP_MS))
        .onFailure(err -> LOG.warn("podcast {}: cursor not saved: {}", sessionId, err.getMessage()));
  }
}
