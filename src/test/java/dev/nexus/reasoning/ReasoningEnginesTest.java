package dev.nexus.reasoning;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The engines' required keys are configuration errors naming the file and the key, before anything loads. */
class ReasoningEnginesTest {
  static ReasoningEngines engines(JsonObject config) {
    return new ReasoningEngines(null, new Settings("conf/reasoning.yaml", config), Path.of("models"), null, 1,
        placement -> { });
  }

  @Test
  void anUnknownEngineIsNamed() {
    assertThatThrownBy(() -> engines(new JsonObject()).start("klingon"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no reasoning engine 'klingon'");
  }

  @Test
  void theOpenAiEngineWithoutABaseUrlNamesTheKeyAndTheVariable() {
    assumeTrue(System.getenv("OPENAI_BASE_URL") == null, "OPENAI_BASE_URL would supply the base URL");
    assertThatThrownBy(() -> engines(new JsonObject().put("engines", new JsonObject().put("openai",
        new JsonObject().put("model", "gpt-4o-mini")))).start("openai")).isInstanceOf(ConfigException.class)
        .hasMessage("conf/reasoning.yaml: key 'engines.openai.base-url' is required for the openai engine "
            + "(or set OPENAI_BASE_URL)");
  }

  @Test
  void theLlamaCppEngineWithoutAModelNamesTheKey() {
    assertThatThrownBy(() -> engines(new JsonObject()).start("llamacpp")).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("conf/reasoning.yaml: key 'engines.llamacpp.model' is required for the llamacpp engine");
  }
}
