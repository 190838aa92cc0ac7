package dev.nexus.gateway.podcast;

import dev.nexus.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a live session as its listener hears it: the audio sent, each piece spoken (turn, answer, bridge), each
 * interruption with its question, and where the episode resumed. Audio is kept here until it has been heard, then
 * appended to the podcast capability's recording of the session; what was sent but not heard before an interruption
 * (or the listener leaving) is dropped, so the recording is what the listener heard, answers included. Times are on
 * this socket's audio timeline; the capability places them on the recording. Event-loop only.
 */
final class SessionRecording {
  private static final Logger LOG = LoggerFactory.getLogger(SessionRecording.class);
  /** PCM16 mono at the live output rate. */
  private static final double BYTES_PER_MS = 24000 * 2 / 1000.0;
  /** Heard audio waits here at most this long before it is appended. */
  private static final double APPEND_AFTER_MS = 10_000;

  private final Vertx vertx;
  private final String sessionId;
  private final DoubleSupplier heardMs;
  private final List<JsonObject> entries = new ArrayList<>();
  private Buffer pending = Buffer.buffer();
  /** Where {@code pending} starts on the socket's timeline. */
  private double pendingStartMs;
  private String podcastId;

  /** @param heardMs how far the listener has heard, on the socket's timeline */
  SessionRecording(Vertx vertx, String sessionId, DoubleSupplier heardMs) {
    this.vertx = vertx;
    this.sessionId = sessionId;
    this.heardMs = heardMs;
  }

  /** The episode being played: nothing is recorded before it is known. */
  void podcast(String id) {
    this.podcastId = id;
  }

  /** A piece of speech leaves at {@code atMs}. */
  void started(Piece p, double atMs) {
    JsonObject entry = new JsonObject().put("type", p.role().name().toLowerCase(Locale.ROOT))
        .put("host", p.host()).put("text", p.text());
    if (p.role() == Piece.Role.TURN) {
      entry.put("segment", p.segment()).put("turn", p.turn()).put("base", p.base());
    }
    mark(atMs, entry);
  }

  /** Audio leaves (it follows everything sent before on the socket's timeline). */
  void audio(byte[] pcm) {
    if (podcastId == null) {
      return;
    }
    pending.appendBytes(pcm);
    if (pending.length() / BYTES_PER_MS > APPEND_AFTER_MS) {
      append(heardMs.getAsDouble());
    }
  }

  /** Notes something that happened at {@code atMs} on the socket's timeline. */
  void mark(double atMs, JsonObject entry) {
    if (podcastId != null) {
      entries.add(entry.put("socket_ms", Math.max(atMs, pendingStartMs)));
    }
  }

  /**
   * The listener interrupted, having heard up to {@code heardMs}; the socket has sent {@code sentMs}. What was sent
   * and not heard is dropped, and the recording goes on with the audio sent next.
   */
  void interrupted(double heard, double sentMs, JsonObject entry) {
    cut(heard);
    mark(heard, entry);
    append(heard);
    pendingStartMs = sentMs;
  }

  /** The episode ended: everything sent is kept. */
  void done(double sentMs) {
    mark(sentMs, new JsonObject().put("type", "done"));
    append(Double.MAX_VALUE);
  }

  /** The listener left, having heard up to {@code heard}. */
  void close(double heard) {
    cut(heard);
    append(heard);
  }

  /** Drops audio and entries past {@code heard}. */
  private void cut(double heard) {
    int keep = (int) Math.max(0, Math.min(pending.length(), Math.round((heard - pendingStartMs) * BYTES_PER_MS)));
    keep -= keep % 2;
    pending = pending.getBuffer(0, keep);
    entries.removeIf(e -> e.getDouble("socket_ms") > heard);
  }

  /** Appends the audio and the entries up to {@code upToMs} to the capability's recording. */
  private void append(double upToMs) {
    if (podcastId == null) {
      return;
    }
    int bytes = (int) Math.max(0, Math.min(pending.length(), (upToMs - pendingStartMs) * BYTES_PER_MS));
    bytes -= bytes % 2;
    JsonArray out = new JsonArray();
    for (JsonObject e : List.copyOf(entries)) {
      double at = e.getDouble("socket_ms");
      if (at <= upToMs) {
        entries.remove(e);
        JsonObject entry = e.copy();
        entry.remove("socket_ms");
        out.add(entry.put("offset_ms", at - pendingStartMs));
      }
    }
    if (bytes == 0 && out.isEmpty()) {
      return;
    }
    JsonObject request = new JsonObject().put("podcast_id", podcastId).put("session_id", sessionId)
        .put("audio", Base64.getEncoder().encodeToString(pending.getBytes(0, bytes))).put("entries", out);
    pending = pending.getBuffer(bytes, pending.length());
    pendingStartMs += bytes / BYTES_PER_MS;
    vertx.eventBus().request(Addresses.PODCAST_SESSION_APPEND, request)
        .onFailure(err -> LOG.warn("podcast session {}: recording not kept: {}", sessionId, err.getMessage()));
  }
}
