package dev.nexus.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.RunningServerTest;
import dev.nexus.audio.Wav;
import dev.nexus.client.NodeClient;
import dev.nexus.podcast.PodcastServerTest;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The demo page in Debian's Chromium, driven by playwright-core, with a real recording as the
 * microphone. Screenshots of every state land in target/screenshots/.
 */
class WebDemoTest extends RunningServerTest {
  @Test
  void thePagePlaysAPodcastTakesTypedAndSpokenQuestionsAndChatsByVoice() throws Exception {
    assertThat(Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium")))
        .as("Debian's chromium (apt-get install chromium; .ci/run installs it)").isRegularFile();
    // the fake microphone loops the file: one short spoken command (Debian's pocketsphinx-testdata), then a long
    // pause in which the answer can play
    byte[] command = Files.readAllBytes(Path.of("/usr/share/pocketsphinx/test/data/goforward.raw"));
    byte[] withPause = Arrays.copyOf(command, command.length + 16000 * 2 * 8);
    Path wav = Path.of("target/fake-mic.wav").toAbsolutePath();
    Files.write(wav, Wav.of(withPause, 16000));
    Path shots = Files.createDirectories(Path.of("target/screenshots")).toAbsolutePath();

    JsonObject result = NodeClient.run("web.mjs", "http://localhost:" + server.port() + "/", wav.toString(),
        shots.toString(), PodcastServerTest.SOURCE);
    assertThat(result.getString("failure")).as(result.encodePrettily()).isNull();
    assertThat(result.getJsonArray("problems")).as("console errors").isEmpty();
    assertThat(result.getJsonArray("pageErrors")).as("errors shown on the page").isEmpty();
    assertThat(result.getInteger("framesPlayed")).isGreaterThan(48_000);
    assertThat(result.getString("title")).isNotBlank().isNotEqualTo("Preparing…");
    assertThat(result.getString("setupBanner")).as("the first-run report, as /health gives it")
        .startsWith("Running: speech pocketsphinx").contains("voices espeak").contains("./nexus models pull");
    assertThat(result.getString("typedAnswer").toLowerCase()).containsAnyOf("storm", "lens", "lamp");
    assertThat(result.getString("spokenQuestion")).isNotBlank();
    assertThat(result.getString("chatUser")).isNotBlank();
    assertThat(result.getString("chatAnswer")).isNotBlank();
    assertThat(result.getJsonArray("chatEvents")).contains("input_audio_buffer.speech_started",
        "response.output_audio.delta");
    for (String shot : new String[] {"01-podcast-setup", "02-podcast-playing", "03-podcast-answered",
        "04-podcast-voice-question", "05-voice-chat", "06-phone"}) {
      assertThat(shots.resolve(shot + ".png")).isRegularFile();
    }
  }
}
