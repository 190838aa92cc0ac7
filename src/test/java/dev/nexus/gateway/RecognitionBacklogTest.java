package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code max-backlog-ms}: live audio that waits that long for the recogniser is dropped and the session is
 * told. The wait is made for sure, not by load: with one decoder, a second speaker's stream waits for it.
 */
class RecognitionBacklogTest {
  @Test
  void liveAudioWaitingPastMaxBacklogMsIsDroppedWithASpeechFailedErrorSayingHowMuch() throws Exception {
    Path config = Files.createTempDirectory("nexus-backlog");
    Files.writeString(config.resolve("speech.yaml"), """
        engine: pocketsphinx
        max-backlog-ms: 1000
        engines:
          pocketsphinx:
            decoders: 1
        """);
    try (TestSupport.Running running = TestSupport.running(config)) {
      JsonObject behind = LimitsTest.contend(running, "fell more than", false);
      assertThat(behind.getString("code")).isEqualTo("speech_failed");
      assertThat(behind.getString("message"))
          .containsPattern("recognition fell more than 1000 ms behind .*; \\d+ ms of audio were dropped");
    }
  }
}
