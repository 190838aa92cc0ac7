package dev.nexus.reasoning.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.bus.ChatMessage;
import dev.nexus.reasoning.engine.KeptTokens;
import dev.nexus.reasoning.engine.LanguageModel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The llamacpp engine in process, on the tiny GGUF of random weights (scripts/make_tiny_gguf.py). */
class LlamaCppModelTest {
  static final Path MODEL = Path.of("src/test/resources/models/tiny-random-llama.gguf");

  static LlamaCppModel load(Path file, int defaultMaxTokens) {
    return new LlamaCppModel(new LlamaCppModel.Options(file, "tiny", 256, 1, 0, defaultMaxTokens, 0f, 7),
        KeptTokens.onThisThread());
  }

  @Test
  void aMissingModelFileIsNamed() {
    Path missing = Path.of("target", "no-such-model.gguf");
    assertThatThrownBy(() -> load(missing, 4)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no GGUF model at " + missing);
  }

  @Test
  void aCpuPlacementWithAGivenLibraryStaysOnTheCpu() {
    assertThat(LlamaCppModel.placement(0, 2, "/opt/jllama-cuda").device()).isEqualTo("cpu");
    assertThat(LlamaCppModel.placement(0, 2, "/opt/jllama-cuda").provider()).isEqualTo("llama.cpp from /opt/jllama-cuda");
  }

  @Test
  void systemMessagesAreJoinedAndToolResultsBecomeUserTurnsNamingTheirTool() throws Exception {
    try (LlamaCppModel model = load(MODEL, 4)) {
      check(model);
    }
  }

  static void check(LlamaCppModel model) throws Exception {
    String prompt = model.prompt(List.of(ChatMessage.system("Be brief."), ChatMessage.system("Answer in English."),
        ChatMessage.user("time?"), ChatMessage.tool("c1", "clock", "noon"), ChatMessage.tool("c2", null, null)));
    assertThat(prompt).contains("Be brief.\nAnswer in English.").contains("[clock result] noon")
        .contains("[tool result] ").doesNotContain("null");
    KeptTokens sink = new KeptTokens();
    LanguageModel.Reply reply = model.generate(new LanguageModel.Call("tiny", List.of(ChatMessage.user("hello world")),
        List.of(), null, null, null), sink).await(60, TimeUnit.SECONDS);
    assertThat(reply.completionTokens()).as("the options' default max tokens").isBetween(1, 4).isEqualTo(sink.tokens.size());
    assertThat(reply.finishReason()).isEqualTo(reply.completionTokens() == 4 ? "length" : "stop");
    LanguageModel.Reply capped = model.generate(new LanguageModel.Call("tiny", List.of(ChatMessage.user("hello world")),
        List.of(), null, 0.0, 1), new KeptTokens()).await(60, TimeUnit.SECONDS);
    assertThat(capped.completionTokens()).isEqualTo(1);
    assertThat(capped.finishReason()).isEqualTo("length");
  }
}
