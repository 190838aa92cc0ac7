package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.MainAccess;
import dev.nexus.TestSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nexus podcast}: an episode from a text file, with a progress bar, saved as WAV. */
class PodcastCommandTest {
  @Test
  void theCommandMakesAnEpisodeShowsProgressAndSavesTheAudio(@TempDir Path dir) throws Exception {
    Path text = dir.resolve("article.txt");
    Files.writeString(text, PodcastServerTest.SOURCE);
    Path wav = dir.resolve("episode.wav");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("NEXUS_DATA", dir.toString(), "NEXUS_MODELS", TestSupport.models().root().toString());
    int code = MainAccess.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), "podcast", "--text", text.toString(), "--minutes", "0.5",
        "--style", "brief", "--out", wav.toString());
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed + err).isZero();
    assertThat(printed).contains("[####################] 100% ready").contains("Alex: Welcome to the show")
        .contains("episode pod_");
    assertThat(Files.size(wav)).isGreaterThan(48_000);

    assertThat(MainAccess.run(env, new PrintStream(out), new PrintStream(err), "podcast")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("needs --text FILE, --topic T or --url U");
    assertThat(MainAccess.run(env, new PrintStream(out), new PrintStream(err), "podcast", "--minutes", "lots"))
        .isEqualTo(2);
    assertThat(MainAccess.run(env, new PrintStream(out), new PrintStream(err), "podcast", "--loud")).isEqualTo(2);
  }

  @Test
  void aRequestTheServerRefusesIsReportedWithItsMessageAndExitCodeOne(@TempDir Path dir) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("NEXUS_DATA", dir.toString(), "NEXUS_MODELS", TestSupport.models().root().toString());
    int code = MainAccess.run(env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), "podcast", "--topic", "tides", "--minutes", "1000");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: 'minutes' must be a number from 0.5 to");
  }

  @Test
  void aServerThatCannotBeReachedIsReportedAsAFailedPodcast(@TempDir Path dir) throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = MainAccess.run(Map.of("NEXUS_DATA", dir.toString()), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8), "podcast", "--url", "https://example.org/a",
        "--server", "http://127.0.0.1:" + closed);
    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: the podcast failed:");
  }
}
