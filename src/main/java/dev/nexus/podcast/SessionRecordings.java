package dev.nexus.podcast;

import dev.nexus.audio.Wav;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.StageFailure;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * The recordings of live sessions, kept beside their episode under {@code podcasts/<id>/sessions/}: {@code
 * <session>.pcm} (PCM16 mono at 24 kHz, what the listener heard, answers included) and {@code <session>.jsonl} (one
 * transcript entry a line, its time on the recording). A live session appends as the listener hears; a reconnect
 * with the same session id appends to the same recording. A crash loses at most the last append (a torn last line is
 * skipped when read).
 */
public final class SessionRecordings {
  /** The rate of every recording. */
  public static final int SAMPLE_RATE = 24000;
  /** Live session ids, as the gateway makes them. */
  static final Pattern SESSION_ID = Pattern.compile("psess_[A-Za-z0-9]{8,40}");
  private static final double BYTES_PER_MS = SAMPLE_RATE * 2 / 1000.0;

  private final Vertx vertx;
  private final EpisodeStore store;

  SessionRecordings(Vertx vertx, EpisodeStore store) {
    this.vertx = vertx;
    this.store = store;
  }

  /** Listens on the bus for appends and reads (from the verticle's start, so its blocking work is ordered). */
  SessionRecordings register() {
    vertx.eventBus().<JsonObject>consumer(Addresses.PODCAST_SESSION_APPEND, m -> blocking(m, () -> append(m.body())));
    vertx.eventBus().<JsonObject>consumer(Addresses.PODCAST_SESSION_GET, m -> blocking(m, () -> read(m.body())));
    vertx.eventBus().<JsonObject>consumer(Addresses.PODCAST_SESSION_AUDIO, m -> blocking(m, () -> audio(m.body())));
    return this;
  }

  private <T> void blocking(Message<JsonObject> message, Callable<T> work) {
    vertx.executeBlocking(work).onSuccess(message::reply).onFailure(err -> {
      if (err instanceof Refused refused) {
        refused.failure.fail(message, refused.getMessage());
      } else {
        StageFailure.FAILED.fail(message, "the session recording could not be read or written: " + err.getMessage());
      }
    });
  }

  /**
   * Appends {@code audio} (base64 PCM16) and {@code entries} (each with {@code offset_ms} from the start of this
   * audio) to a session's recording; replies its duration.
   */
  JsonObject append(JsonObject body) throws IOException {
    Path[] files = files(body);
    if (!Files.isDirectory(files[0].getParent().getParent())) {
      throw new Refused(StageFailure.NOT_FOUND, "no podcast '" + body.getString("podcast_id") + "'");
    }
    Files.createDirectories(files[0].getParent());
    long before = Files.exists(files[0]) ? Files.size(files[0]) : 0;
    double startMs = before / BYTES_PER_MS;
    StringBuilder lines = new StringBuilder();
    for (Object e : body.getJsonArray("entries", new JsonArray())) {
      JsonObject entry = ((JsonObject) e).copy();
      double offset = entry.getNumber("offset_ms", 0).doubleValue();
      entry.remove("offset_ms");
      lines.append(new JsonObject().put("at_ms", Math.round(startMs + offset)).mergeIn(entry).encode()).append('\n');
    }
    byte[] pcm = Base64.getDecoder().decode(body.getString("audio", ""));
    if (pcm.length % 2 != 0) {
      throw new Refused(StageFailure.INVALID_REQUEST, "'audio' must be PCM16 (an even number of bytes)");
    }
    Files.write(files[0], pcm, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Files.writeString(files[1], lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new JsonObject().put("duration_ms", Math.round((before + pcm.length) / BYTES_PER_MS));
  }

  /** A session's transcript with times: {@code {id, podcast_id, duration_ms, entries, text}}. */
  JsonObject read(JsonObject body) throws IOException {
    Path[] files = existing(body);
    JsonArray entries = new JsonArray();
    for (String line : Files.readAllLines(files[1], StandardCharsets.UTF_8)) {
      try {
        entries.add(new JsonObject(line));
      } catch (RuntimeException torn) {
        // the last line of a crashed append
      }
    }
    long duration = Math.round(Files.size(files[0]) / BYTES_PER_MS);
    return new JsonObject().put("object", "podcast.session").put("id", body.getString("session_id"))
        .put("podcast_id", body.getString("podcast_id")).put("duration_ms", duration).put("entries", entries)
        .put("text", text(entries));
  }

  /** What the listener heard, as a WAV file. */
  Buffer audio(JsonObject body) throws IOException {
    return Buffer.buffer(Wav.of(Files.readAllBytes(existing(body)[0]), SAMPLE_RATE));
  }

  /** The transcript as lines of text: {@code [m:ss] Host: words}; a turn interrupted is cut at the word heard. */
  static String text(JsonArray entries) {
    StringBuilder out = new StringBuilder();
    List<JsonObject> list = entries.stream().map(JsonObject.class::cast).toList();
    for (int i = 0; i < list.size(); i++) {
      JsonObject e = list.get(i);
      String time = time(e.getLong("at_ms", 0L));
      String text = e.getString("text", "");
      JsonObject next = i + 1 < list.size() ? list.get(i + 1) : null;
      if (next != null && "turn".equals(e.getString("type")) && "interrupted".equals(next.getString("type"))) {
        int cut = next.getInteger("offset", 0) - e.getInteger("base", 0);
        text = cut > 0 && cut < text.length() ? text.substring(0, cut).trim() + " —" : text;
      }
      String line = switch (e.getString("type", "")) {
        case "turn", "answer", "bridge" -> e.getString("host") + ": " + text;
        case "question" -> "Listener: " + text;
        case "interrupted" -> "(interrupted" + (e.getString("at_word") == null ? "" : " at “" + e.getString("at_word")
            + "”") + ")";
        case "resumed" -> "(resumed" + (e.getString("word") == null ? "" : " from “" + e.getString("word") + "”")
            + ")";
        case "done" -> "(end of the episode)";
        default -> "(" + e.getString("type") + ")";
      };
      out.append('[').append(time).append("] ").append(line).append('\n');
    }
    return out.toString();
  }

  private static String time(long ms) {
    long s = ms / 1000;
    return s / 60 + ":" + String.format("%02d", s % 60);
  }

  private Path[] existing(JsonObject body) throws IOException {
    Path[] files = files(body);
    if (!Files.isRegularFile(files[0]) || !Files.isRegularFile(files[1])) {
      throw new Refused(StageFailure.NOT_FOUND, "no recording of session '" + body.getString("session_id")
          + "' of podcast '" + body.getString("podcast_id") + "'");
    }
    return files;
  }

  /** The session's audio and transcript files, once both ids are checked. */
  private Path[] files(JsonObject body) {
    String podcast = body.getString("podcast_id", "");
    String session = body.getString("session_id", "");
    if (!EpisodeStore.ID.matcher(podcast).matches()) {
      throw new Refused(StageFailure.NOT_FOUND, "no podcast '" + podcast + "'");
    }
    if (!SESSION_ID.matcher(session).matches()) {
      throw new Refused(StageFailure.NOT_FOUND, "no live session '" + session + "'");
    }
    Path dir = store.dir(podcast).resolve("sessions");
    return new Path[] {dir.resolve(session + ".pcm"), dir.resolve(session + ".jsonl")};
  }

  /** A request refused with a given kind of failure. */
  private static final class Refused extends RuntimeException {
    private final transient StageFailure failure;

    Refused(StageFailure failure, String message) {
      super(message, null, false, false);
      this.failure = failure;
    }
  }
}
