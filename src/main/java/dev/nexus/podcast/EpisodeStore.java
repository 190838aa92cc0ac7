package dev.nexus.podcast;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Episodes on disk under {@code NEXUS_DATA/podcasts/<id>/}: {@code status.json}, {@code script.json}
 * and {@code episode.wav}. Every file is written to a temporary file, synced, then renamed into place,
 * so a crash leaves either the old file or the new one, never a torn one. Blocking: call from a worker.
 *
 * <p>While an episode is made, its work is kept so that a restart can resume it: {@code order.json} (the
 * request, with the whole source), {@code draft.json} (the script once written) and {@code parts/NNN.pcm} with
 * {@code parts/NNN.json} (each segment once spoken, its timings in a one-segment script). A crash loses at most
 * the segment being spoken.
 *
 * <p>{@code layout.json} says where each segment's audio lies in {@code episode.wav} (its PCM length in bytes), so an
 * edit can keep the segments it does not change. An edit's new files are written to {@code edit/} first, then a
 * {@code edit/COMMITTED} marker, then moved into place: a crash before the marker leaves the episode as it was, a
 * crash after it is finished at the next start.
 */
final class EpisodeStore {
  /** Episode ids: what the server makes, and all a client may name. */
  static final Pattern ID = Pattern.compile("pod_[A-Za-z0-9]{8,40}");

  private static final String LAYOUT = "layout.json";
  private static final String EDIT = "edit";
  private static final String COMMITTED = "COMMITTED";

  private final Path root;

  EpisodeStore(Path root) {
    this.root = root;
  }

  Path dir(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not an episode id: " + id);
    }
    return root.resolve(id);
  }

  void writeStatus(String id, JsonObject status) throws IOException {
    write(dir(id).resolve("status.json"), status.encodePrettily().getBytes(StandardCharsets.UTF_8));
  }

  JsonObject readStatus(String id) throws IOException {
    Path file = dir(id).resolve("status.json");
    return Files.isRegularFile(file) ? new JsonObject(Files.readString(file)) : null;
  }

  void writeScript(PodcastScript script) throws IOException {
    writeScriptFile(script, "script.json");
  }

  PodcastScript readScript(String id) throws IOException {
    return readScriptFile(id, "script.json");
  }

  /** The request an episode is made from (a script with no segments), kept until the episode is done. */
  void writeOrder(PodcastScript order) throws IOException {
    writeScriptFile(order, "order.json");
  }

  PodcastScript readOrder(String id) throws IOException {
    return readScriptFile(id, "order.json");
  }

  /** The written, not yet spoken script. */
  void writeDraft(PodcastScript draft) throws IOException {
    writeScriptFile(draft, "draft.json");
  }

  PodcastScript readDraft(String id) throws IOException {
    return readScriptFile(id, "draft.json");
  }

  private void writeScriptFile(PodcastScript script, String name) throws IOException {
    write(dir(script.id()).resolve(name), script.toJson().getBytes(StandardCharsets.UTF_8));
  }

  private PodcastScript readScriptFile(String id, String name) throws IOException {
    Path file = dir(id).resolve(name);
    return Files.isRegularFile(file) ? PodcastScript.fromJson(Files.readString(file)) : null;
  }

  /** A spoken segment: its timings (a script holding just that segment, whose audio ends where it ends) and PCM. */
  record Part(PodcastScript timing, byte[] pcm) {
  }

  /** Keeps segment {@code index} once spoken: the PCM first, then the timings, whose presence marks it whole. */
  void writePart(String id, int index, PodcastScript timing, byte[] pcm) throws IOException {
    Path parts = dir(id).resolve("parts");
    write(parts.resolve(String.format("%03d.pcm", index)), pcm);
    write(parts.resolve(String.format("%03d.json", index)), timing.toJson().getBytes(StandardCharsets.UTF_8));
  }

  /** The segments already spoken, in order from the first, up to the first one missing. */
  List<Part> readParts(String id) throws IOException {
    Path parts = dir(id).resolve("parts");
    List<Part> out = new ArrayList<>();
    for (int i = 0; ; i++) {
      Path json = parts.resolve(String.format("%03d.json", i));
      Path pcm = parts.resolve(String.format("%03d.pcm", i));
      if (!Files.isRegularFile(json) || !Files.isRegularFile(pcm)) {
        return out;
      }
      out.add(new Part(PodcastScript.fromJson(Files.readString(json)), Files.readAllBytes(pcm)));
    }
  }

  /** Removes the work kept for resuming, once the episode is done (or has failed for good). */
  void removeWork(String id) throws IOException {
    Path dir = dir(id);
    Files.deleteIfExists(dir.resolve("draft.json"));
    Files.deleteIfExists(dir.resolve("order.json"));
    Path parts = dir.resolve("parts");
    if (Files.isDirectory(parts)) {
      try (Stream<Path> files = Files.list(parts)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(parts);
    }
  }

  Path audio(String id) {
    return dir(id).resolve("episode.wav");
  }

  /** Writes the episode audio from its parts (a WAV header, then PCM pieces), atomically. */
  void writeAudio(String id, byte[] header, List<byte[]> pcm) throws IOException {
    writeAudio(audio(id), header, pcm);
  }

  /** The episode's PCM: the data of its WAV, after the 44-byte header this store writes. */
  byte[] readPcm(String id) throws IOException {
    byte[] wav = Files.readAllBytes(audio(id));
    return Arrays.copyOfRange(wav, Math.min(44, wav.length), wav.length);
  }

  /** Where each segment's audio lies in the episode's PCM: its length in bytes, segment by segment. */
  void writeLayout(String id, List<Integer> segmentBytes) throws IOException {
    write(dir(id).resolve(LAYOUT), layoutJson(segmentBytes));
  }

  /** The layout written with the audio, or null for an episode rendered before layouts were kept. */
  List<Integer> readLayout(String id) throws IOException {
    Path file = dir(id).resolve(LAYOUT);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    return new JsonObject(Files.readString(file)).getJsonArray("segment_bytes").stream()
        .map(n -> ((Number) n).intValue()).toList();
  }

  private static byte[] layoutJson(List<Integer> segmentBytes) {
    return new JsonObject().put("segment_bytes", new JsonArray(List.copyOf(segmentBytes))).encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Replaces an edited episode's audio, layout, script and status as one change (see the class comment). */
  void commitEdit(PodcastScript script, byte[] header, List<byte[]> pcm, List<Integer> segmentBytes,
      JsonObject status) throws IOException {
    Path edit = dir(script.id()).resolve(EDIT);
    writeAudio(edit.resolve("episode.wav"), header, pcm);
    write(edit.resolve(LAYOUT), layoutJson(segmentBytes));
    write(edit.resolve("script.json"), script.toJson().getBytes(StandardCharsets.UTF_8));
    write(edit.resolve("status.json"), status.encodePrettily().getBytes(StandardCharsets.UTF_8));
    write(edit.resolve(COMMITTED), new byte[0]);
    finishEdit(script.id());
  }

  /** Moves a committed edit's files into place, or drops an edit that was not committed; true when one was there. */
  private boolean finishEdit(String id) throws IOException {
    Path edit = dir(id).resolve(EDIT);
    if (!Files.isDirectory(edit)) {
      return false;
    }
    if (Files.isRegularFile(edit.resolve(COMMITTED))) {
      for (String name : List.of("episode.wav", LAYOUT, "script.json", "status.json")) {
        if (Files.isRegularFile(edit.resolve(name))) {
          Files.move(edit.resolve(name), dir(id).resolve(name), StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    try (Stream<Path> files = Files.list(edit)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(edit);
    return true;
  }

  private static void writeAudio(Path target, byte[] header, List<byte[]> pcm) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), "episode", ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
        OutputStream out = Channels.newOutputStream(channel)) {
      out.write(header);
      for (byte[] piece : pcm) {
        out.write(piece);
      }
      out.flush();
      channel.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Deletes the temporary files a crash left half-written (the files they were to replace are intact), and finishes
   * or drops the edits a crash interrupted.
   */
  int sweep() throws IOException {
    int removed = 0;
    for (String id : ids()) {
      removed += finishEdit(id) ? 1 : 0;
      try (Stream<Path> files = Files.walk(dir(id), 2)) {
        for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
          Files.deleteIfExists(f);
          removed++;
        }
      }
    }
    return removed;
  }

  /** The ids of every stored episode. */
  List<String> ids() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      dirs.map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches()).sorted().forEach(ids::add);
    }
    return ids;
  }

  private static void write(Path target, byte[] bytes) throws IOException {
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes));
      channel.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
