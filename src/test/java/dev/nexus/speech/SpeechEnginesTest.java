package dev.nexus.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.config.Settings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SpeechEnginesTest {

  @Test
  void theEnginesAreNamedAndAnUnknownOneIsRefusedByName() {
    SpeechEngines engines = new SpeechEngines(new Settings("speech.yaml", new JsonObject()), Path.of("models"), null,
        1, placement -> { });
    assertThat(engines.names()).containsExactly("pocketsphinx", "whisper");
    assertThatThrownBy(() -> engines.start("kaldi")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no speech engine 'kaldi'");
  }
}
