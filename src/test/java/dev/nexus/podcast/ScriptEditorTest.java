package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.bus.ScriptEdit;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Script edits on a script, and an edit's files on disk surviving a crash, without a server. */
class ScriptEditorTest {
  private static PodcastScript twoSegments() {
    PodcastScript sample = PodcastScriptTest.sample();
    return sample.withSegments(List.of(sample.segments().get(0), new PodcastScript.Segment("After", List.of(
        new PodcastScript.Turn("Alex", "And then?", 2000L, 2600L, List.of()),
        new PodcastScript.Turn("Sam", "A medal.", 2950L, 3500L, List.of())))), sample.audio());
  }

  @Test
  void editsApplyInOrderAndOnlyTheirSegmentsCountAsChanged() {
    PodcastScript script = twoSegments();
    ScriptEditor.Edited edited = ScriptEditor.apply(script, List.of(
        new ScriptEdit.Insert(1, -1, "sam", "First, a word."),
        new ScriptEdit.Change(1, 1, "Sam", null),
        new ScriptEdit.Delete(1, 2)));
    assertThat(edited.changed()).containsExactly(1);
    assertThat(edited.script().segments().get(0)).isEqualTo(script.segments().get(0));
    assertThat(edited.script().segments().get(1).turns()).extracting(PodcastScript.Turn::host, PodcastScript.Turn::text)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Sam", "First, a word."),
            org.assertj.core.groups.Tuple.tuple("Sam", "And then?"));
    assertThat(ScriptEditor.apply(script, List.of(new ScriptEdit.Change(0, 0, null, "What happened in 1901?")))
        .changed()).as("a change to the same text changes nothing").isEmpty();
  }

  @Test
  void anEditThatDoesNotFitTheScriptNamesItselfAndTheTurn() {
    PodcastScript script = twoSegments();
    assertThatThrownBy(() -> ScriptEditor.apply(script, List.of(new ScriptEdit.Change(0, 0, null, "Hi."),
        new ScriptEdit.Change(1, 9, null, "No.")))).isInstanceOf(BadRequest.class)
        .hasMessageStartingWith("edits[1]: segment 1 has no turn 9");
    assertThatThrownBy(() -> ScriptEditor.apply(script, List.of(new ScriptEdit.Delete(2, 0))))
        .hasMessageStartingWith("edits[0]: the episode has no segment 2");
    assertThatThrownBy(() -> ScriptEditor.apply(script, List.of(new ScriptEdit.Insert(0, 5, "Sam", "x"))))
        .hasMessageStartingWith("edits[0]: segment 0 has no turn 5 to insert after");
    assertThatThrownBy(() -> ScriptEditor.apply(script, List.of(new ScriptEdit.Change(0, 1, "Zed", null))))
        .hasMessage("edits[0]: no host named 'Zed' (the hosts are Alex, Sam)");
    assertThatThrownBy(() -> ScriptEditor.apply(script, List.of(new ScriptEdit.Delete(0, 0), new ScriptEdit.Delete(0, 0))))
        .hasMessage("edits[1]: segment 0 would have no turns left");
  }

  @Test
  void aCommittedEditIsFinishedAfterACrashAndAnUncommittedOneIsDropped(@TempDir Path root) throws Exception {
    EpisodeStore store = new EpisodeStore(root);
    PodcastScript script = PodcastScriptTest.sample();
    String id = script.id();
    store.writeScript(script);
    store.writeStatus(id, new JsonObject().put("id", id).put("version", 1));
    store.writeAudio(id, new byte[44], List.of(new byte[] {1, 2, 3, 4}));
    store.writeLayout(id, List.of(4));
    PodcastScript renamed = new PodcastScript(script.version(), id, "Edited", script.source(), script.style(),
        script.minutes(), script.hosts(), script.segments(), script.audio());

    store.commitEdit(renamed, new byte[44], List.of(new byte[] {5, 6}, new byte[] {7, 8}), List.of(2, 2),
        new JsonObject().put("id", id).put("version", 2));
    assertThat(store.readScript(id).title()).isEqualTo("Edited");
    assertThat(store.readStatus(id).getInteger("version")).isEqualTo(2);
    assertThat(store.readPcm(id)).containsExactly(5, 6, 7, 8);
    assertThat(store.readLayout(id)).containsExactly(2, 2);
    assertThat(root.resolve(id).resolve("edit")).doesNotExist();

    // a crash after the marker: the next start finishes the edit
    Path edit = Files.createDirectories(root.resolve(id).resolve("edit"));
    Files.writeString(edit.resolve("script.json"), script.toJson());
    Files.write(edit.resolve("COMMITTED"), new byte[0]);
    assertThat(store.sweep()).isEqualTo(1);
    assertThat(store.readScript(id).title()).isEqualTo(script.title());
    // a crash before it: the episode stays as it was
    Files.createDirectories(edit);
    Files.writeString(edit.resolve("script.json"), renamed.toJson());
    assertThat(store.sweep()).isEqualTo(1);
    assertThat(store.readScript(id).title()).isEqualTo(script.title());
    assertThat(edit).doesNotExist();
    assertThat(new EpisodeStore(root.resolve("none")).readLayout("pod_abcdefgh12345678")).isNull();
  }

  @Test
  void anEpisodesAudioIsCutIntoSegmentsByItsLayoutOrElseByTheSegmentsStartTimes() {
    PodcastScript script = twoSegments(); // 24 kHz; the second segment starts at 2000 ms
    byte[] pcm = new byte[3000 * 48];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (byte) (i / 48);
    }
    List<byte[]> byLayout = EpisodeRenderer.slices(script, pcm, List.of(1000 * 48, 2000 * 48));
    assertThat(byLayout).extracting(p -> p.length).containsExactly(1000 * 48, 2000 * 48);
    List<byte[]> byTimes = EpisodeRenderer.slices(script, pcm, null);
    assertThat(byTimes).extracting(p -> p.length).containsExactly(2000 * 48, 1000 * 48);
    assertThat(byTimes.get(1)[0]).isEqualTo((byte) 2000);
    PodcastScript.Segment moved = EpisodeRenderer.shift(script.segments().get(1), 500);
    assertThat(moved.turns()).extracting(PodcastScript.Turn::startMs).containsExactly(2500L, 3450L);
    assertThat(EpisodeRenderer.shift(moved, 0)).isSameAs(moved);
  }
}
