package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The episode files on disk: what is read back, what counts as missing, and what a crash can leave behind. */
class EpisodeStoreTest {
  private static final String ID = "pod_abcdefgh12";
  private static final byte[] HEADER = new byte[44];

  private static PodcastScript script(String id, String... texts) {
    List<PodcastScript.Turn> turns = Stream.of(texts).map(t -> PodcastScript.Turn.of("Alex", t)).toList();
    return new PodcastScript(PodcastScript.VERSION, id, "Title", new PodcastScript.Source("topic", "tides", null),
        "conversation", 1, List.of(new PodcastScript.Host("Alex", "alloy", null)),
        turns.isEmpty() ? List.of() : List.of(new PodcastScript.Segment("One", turns)), null);
  }

  @Test
  void onlyEpisodeIdsNameADirectory(@TempDir Path root) {
    EpisodeStore store = new EpisodeStore(root);
    assertThat(store.dir("pod_abcdefgh")).isEqualTo(root.resolve("pod_abcdefgh"));
    assertThat(store.dir("pod_" + "a".repeat(40))).isEqualTo(root.resolve("pod_" + "a".repeat(40)));
    for (String bad : List.of("pod_abcdefg", "pod_" + "a".repeat(41), "../pod_abcdefgh", "pod_abcdefgh/..",
        "pod_abc-defgh1", "xod_abcdefgh", "")) {
      assertThatThrownBy(() -> store.dir(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not an episode id: " + bad);
    }
  }

  @Test
  void statusScriptOrderAndDraftReadBackAsWrittenAndAbsentOnesAreNull(@TempDir Path root) throws Exception {
    EpisodeStore store = new EpisodeStore(root);
    assertThat(store.readStatus(ID)).isNull();
    assertThat(store.readScript(ID)).isNull();
    assertThat(store.readOrder(ID)).isNull();
    assertThat(store.readDraft(ID)).isNull();
    assertThat(store.readLayout(ID)).isNull();

    JsonObject status = new JsonObject().put("id", ID).put("status", "rendering").put("progress", 0.5);
    store.writeStatus(ID, status);
    store.writeOrder(script(ID));
    store.writeDraft(script(ID, "draft turn"));
    store.writeScript(script(ID, "final turn", "second"));

    assertThat(store.readStatus(ID)).isEqualTo(status);
    assertThat(store.readOrder(ID)).isEqualTo(script(ID));
    assertThat(store.readDraft(ID)).isEqualTo(script(ID, "draft turn"));
    assertThat(store.readScript(ID)).isEqualTo(script(ID, "final turn", "second"));
    store.writeStatus(ID, status.copy().put("status", "ready"));
    assertThat(store.readStatus(ID).getString("status")).as("a rewrite replaces").isEqualTo("ready");
    assertThat(tmpFiles(root)).isEmpty();
  }

  @Test
  void partsReadBackInOrderUpToTheFirstMissingOrHalfWrittenOne(@TempDir Path root) throws Exception {
    EpisodeStore store = new EpisodeStore(root);
    assertThat(store.readParts(ID)).isEmpty();
    store.writePart(ID, 0, script(ID, "zero"), new byte[] {0, 1});
    store.writePart(ID, 1, script(ID, "one"), new byte[] {2, 3, 4});
    store.writePart(ID, 3, script(ID, "three"), new byte[] {9});
    List<EpisodeStore.Part> parts = store.readParts(ID);
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).timing()).isEqualTo(script(ID, "zero"));
    assertThat(parts.get(0).pcm()).containsExactly(0, 1);
    assertThat(parts.get(1).pcm()).containsExactly(2, 3, 4);
    assertThat(root.resolve(ID).resolve("parts/000.pcm")).isRegularFile();

    // segment 2's audio without its timings is not whole: reading stops before it
    Files.write(root.resolve(ID).resolve("parts/002.pcm"), new byte[] {7});
    assertThat(store.readParts(ID)).hasSize(2);
    Files.writeString(root.resolve(ID).resolve("parts/002.json"), script(ID, "two").toJson());
    assertThat(store.readParts(ID)).hasSize(4);
    // timings without audio are not whole either
    Files.delete(root.resolve(ID).resolve("parts/001.pcm"));
    assertThat(store.readParts(ID)).hasSize(1);
  }

  @Test
  void removeWorkDeletesOrderDraftAndPartsAndKeepsTheEpisode(@TempDir Path root) throws Exception {
    EpisodeStore store = new EpisodeStore(root);
    store.writeOrder(script(ID));
    store.writeDraft(script(ID, "d"));
    store.writePart(ID, 0, script(ID, "p"), new byte[] {1});
    store.writeScript(script(ID, "s"));
    store.writeStatus(ID, new JsonObject().put("status", "ready"));
    store.removeWork(ID);
    assertThat(store.readOrder(ID)).isNull();
    assertThat(store.readDraft(ID)).isNull();
    assertThat(root.resolve(ID).resolve("parts")).doesNotExist();
    assertThat(store.readScript(ID)).isEqualTo(script(ID, "s"));
    assertThat(store.readStatus(ID)).isNotNull();
    store.removeWork(ID); // nothing left to remove: no failure
    assertThat(root.resolve(ID)).isDirectory();
  }

  @Test
  void theAudioIsTheHeaderThenThePiecesAndItsPcmIsWhatFollowsTheHeader(@TempDir Path root) throws Exception {
    EpisodeStore store = new EpisodeStore(root);
    byte[] header = new byte[44];
    header[0] = 'R';
    store.writeAudio(ID, header, List.of(new byte[] {1, 2}, new byte[] {}, new byte[] {3}));
    assertThat(store.audio(ID)).isEqualTo(root.resolve(ID).resolve("episode.wav"));
    byte[] wav = Files.readAllBytes(store.audio(ID));
    assertThat(wav).hasSize(47);
    assertThat(wav[0]).isEqualTo((byte) 'R');
    assertThat(store.readPcm(ID)).containsExactly(1, 2, 3);
    Files.write(store.audio(ID), new byte[] {5, 6});
    assertThat(store.readPcm(ID)).as("a file shorter than a header has no PCM").isEmpty();
  }

  @Test
  void theLayoutReadsBackSegmentBySegment(@TempDir Path root) throws Exception {
    EpisodeStore store = new EpisodeStore(root);
    store.writeLayout(ID, List.of(3200, 0, 64000));
    assertThat(store.readLayout(ID)).containsExactly(3200, 0, 64000);
  }

  @Test
  void aCommittedEditReplacesAudioLayoutScriptAndStatusTogetherAndLeavesNoEditBehind(@TempDir Path root)
      throws Exception {
    EpisodeStore store = new EpisodeStore(root);
    store.writeScript(script(ID, "old"));
    store.writeStatus(ID, new JsonObject().put("status", "ready").put("edits", 0));
    store.writeAudio(ID, HEADER, List.of(new byte[] {1}));
    store.writeLayout(ID, List.of(1));

    store.commitEdit(script(ID, "new", "more"), HEADER, List.of(new byte[] {7, 7}, new byte[] {8}), List.of(2, 1),
        new JsonObject().put("status", "ready").put("edits", 1));

    assertThat(store.readScript(ID)).isEqualTo(script(ID, "new", "more"));
    assertThat(store.readStatus(ID).getInteger("edits")).isEqualTo(1);
    assertThat(store.readPcm(ID)).containsExactly(7, 7, 8);
    assertThat(store.readLayout(ID)).containsExactly(2, 1);
    assertThat(root.resolve(ID).resolve("edit")).doesNotExist();
  }

  @Test
  void sweepFinishesACommittedEditDropsAnUncommittedOneAndDeletesTornFiles(@TempDir Path root) throws Exception {
    EpisodeStore store = new EpisodeStore(root);
    String committed = "pod_committed01";
    String uncommitted = "pod_uncommitted1";
    for (String id : List.of(committed, uncommitted)) {
      store.writeScript(script(id, "old"));
    }
    // what a crash leaves: edit files, with the marker for one episode only, and a torn temporary file
    Path edit = root.resolve(committed).resolve("edit");
    Files.createDirectories(edit);
    Files.writeString(edit.resolve("script.json"), script(committed, "edited").toJson());
    Files.write(edit.resolve("COMMITTED"), new byte[0]);
    Path dropped = root.resolve(uncommitted).resolve("edit");
    Files.createDirectories(dropped);
    Files.writeString(dropped.resolve("script.json"), script(uncommitted, "edited").toJson());
    Files.write(root.resolve(uncommitted).resolve("status.json1234.tmp"), new byte[] {1});
    Files.createDirectories(root.resolve(uncommitted).resolve("parts"));
    Files.write(root.resolve(uncommitted).resolve("parts/000.pcm5678.tmp"), new byte[] {1});
    Files.createDirectories(root.resolve("not-an-episode"));
    Files.write(root.resolve("not-an-episode").resolve("x.tmp"), new byte[] {1});

    assertThat(store.sweep()).as("two edits and two torn files").isEqualTo(4);

    assertThat(store.readScript(committed)).isEqualTo(script(committed, "edited"));
    assertThat(store.readScript(uncommitted)).isEqualTo(script(uncommitted, "old"));
    assertThat(edit).doesNotExist();
    assertThat(dropped).doesNotExist();
    assertThat(tmpFiles(root.resolve(committed))).isEmpty();
    assertThat(tmpFiles(root.resolve(uncommitted))).isEmpty();
    assertThat(root.resolve("not-an-episode").resolve("x.tmp")).as("only episode directories are swept").exists();
    assertThat(store.sweep()).as("nothing left to sweep").isZero();
  }

  @Test
  void idsListsEpisodeDirectoriesSortedAndNothingWithoutARoot(@TempDir Path root) throws Exception {
    assertThat(new EpisodeStore(root.resolve("absent")).ids()).isEmpty();
    EpisodeStore store = new EpisodeStore(root);
    Files.createDirectories(root.resolve("pod_zzzzzzzz1"));
    Files.createDirectories(root.resolve("pod_aaaaaaaa1"));
    Files.createDirectories(root.resolve("tmp"));
    Files.createDirectories(root.resolve("pod_short"));
    assertThat(store.ids()).containsExactly("pod_aaaaaaaa1", "pod_zzzzzzzz1");
  }

  private static List<Path> tmpFiles(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }
}
