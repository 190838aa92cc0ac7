package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The session recordings' files: appends placed on the recording's time, a torn last line skipped, ids checked. */
class SessionRecordingsTest {
  private static final String POD = "pod_abcdefgh12";
  private static final String SESSION = "psess_abcdefgh1234";

  @Test
  void appendsPlaceEntriesOnTheRecordingsTimeAndTheTextCutsAnInterruptedTurnAtTheWordHeard() throws Exception {
    Path root = Files.createTempDirectory("nexus-recordings");
    Files.createDirectories(root.resolve(POD));
    SessionRecordings recordings = new SessionRecordings(null, new EpisodeStore(root));
    recordings.append(ids().put("audio", pcm(1500)).put("entries", new JsonArray()
        .add(new JsonObject().put("type", "turn").put("host", "Alex").put("text", "The storm came at night.")
            .put("base", 0).put("offset_ms", 0))
        .add(new JsonObject().put("type", "interrupted").put("offset", 10).put("at_word", "came")
            .put("offset_ms", 1500))));
    JsonObject second = recordings.append(ids().put("audio", pcm(500)).put("entries", new JsonArray()
        .add(new JsonObject().put("type", "question").put("text", "Which storm?").put("offset_ms", 0))
        .add(new JsonObject().put("type", "answer").put("host", "Sam").put("text", "The great one.")
            .put("offset_ms", 0))
        .add(new JsonObject().put("type", "resumed").put("offset_ms", 500))
        .add(new JsonObject().put("type", "done").put("offset_ms", 500))));
    assertThat(second.getLong("duration_ms")).isEqualTo(2000);
    Files.writeString(root.resolve(POD).resolve("sessions").resolve(SESSION + ".jsonl"), "{\"at_ms\":20",
        StandardOpenOption.APPEND); // a crashed append

    JsonObject read = recordings.read(ids());
    assertThat(read.getLong("duration_ms")).isEqualTo(2000);
    assertThat(read.getJsonArray("entries")).hasSize(6);
    assertThat(read.getJsonArray("entries").getJsonObject(2).getLong("at_ms")).isEqualTo(1500);
    assertThat(read.getString("text")).isEqualTo("""
        [0:00] Alex: The storm —
        [0:01] (interrupted at “came”)
        [0:01] Listener: Which storm?
        [0:01] Sam: The great one.
        [0:02] (resumed)
        [0:02] (end of the episode)
        """);
    assertThat(recordings.audio(ids()).length()).isEqualTo(44 + 2000 * 48);
  }

  @Test
  void oddAudioUnknownEpisodesAndMalformedIdsAreRefused() throws Exception {
    Path root = Files.createTempDirectory("nexus-recordings");
    Files.createDirectories(root.resolve(POD));
    SessionRecordings recordings = new SessionRecordings(null, new EpisodeStore(root));
    assertThatThrownBy(() -> recordings.append(ids().put("audio", Base64.getEncoder().encodeToString(new byte[3]))))
        .hasMessageContaining("PCM16");
    assertThatThrownBy(() -> recordings.append(ids().put("podcast_id", "pod_zzzzzzzz99").put("audio", pcm(10))))
        .hasMessageContaining("no podcast 'pod_zzzzzzzz99'");
    assertThatThrownBy(() -> recordings.read(ids().put("session_id", "../../etc")))
        .hasMessageContaining("no live session");
    assertThatThrownBy(() -> recordings.read(ids().put("podcast_id", "x")))
        .hasMessageContaining("no podcast 'x'");
    assertThatThrownBy(() -> recordings.read(ids())).hasMessageContaining("no recording of session");
  }

  private static JsonObject ids() {
    return new JsonObject().put("podcast_id", POD).put("session_id", SESSION);
  }

  private static String pcm(int ms) {
    return Base64.getEncoder().encodeToString(new byte[ms * 48]);
  }
}
