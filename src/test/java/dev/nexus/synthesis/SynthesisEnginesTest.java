package dev.nexus.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.config.Settings;
import dev.nexus.synthesis.engine.SpeechSynthesizer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which engine serves by default. */
class SynthesisEnginesTest {

  @Test
  void espeakConfiguredServesFirstWithFliteStillOffered(@TempDir Path models) {
    SynthesisEngines engines = SynthesisEngines.load(SynthesisEngines.of(new Settings("synthesis.yaml",
        new JsonObject()), "espeak", models));
    try {
      assertThat(engines.engines()).extracting(SpeechSynthesizer::name).containsExactly("espeak", "flite");
      assertThat(engines.fallbacks()).isEmpty();
    } finally {
      engines.close();
    }
  }
}
