package dev.nexus.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.Grounding;
import dev.nexus.bus.ToolCall;
import dev.nexus.reasoning.engine.KeptTokens;
import dev.nexus.reasoning.engine.LanguageModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceCheckTest {
  static LanguageModel.Reply feed(SourceCheck check, String... tokens) {
    for (String t : tokens) {
      check.token(t);
    }
    return check.finish(new LanguageModel.Reply(String.join("", tokens), List.of(), "stop", 1, tokens.length));
  }

  @Test
  void aSentinelSplitAcrossTokensNeverReachesTheClientAndBecomesTheRefusal() {
    KeptTokens kept = new KeptTokens();
    LanguageModel.Reply reply = feed(new SourceCheck(kept), "[[", "NOT_IN", "_SOURCES", "]]");
    assertThat(reply.grounding()).isEqualTo(Grounding.NOT_IN_SOURCES);
    assertThat(reply.content()).isEqualTo(SourceCheck.REFUSAL);
    assertThat(String.join("", kept.tokens)).isEqualTo(SourceCheck.REFUSAL);
  }

  @Test
  void anOrdinaryAnswerPassesThroughWholeIncludingBracketsThatAreNotTheSentinel() {
    KeptTokens kept = new KeptTokens();
    LanguageModel.Reply reply = feed(new SourceCheck(kept), "The Loire ", "[1", "] is long. [", "[x]]");
    assertThat(reply.grounding()).isEqualTo(Grounding.GROUNDED);
    assertThat(String.join("", kept.tokens)).isEqualTo("The Loire [1] is long. [[x]]").isEqualTo(reply.content());
  }

  @Test
  void aSentinelAfterSomeTextIsStrippedAndTheTextKept() {
    KeptTokens kept = new KeptTokens();
    LanguageModel.Reply reply = feed(new SourceCheck(kept), "Sorry. ", LanguageModel.NOT_IN_SOURCES);
    assertThat(reply.grounding()).isEqualTo(Grounding.NOT_IN_SOURCES);
    assertThat(reply.content()).isEqualTo("Sorry.");
    assertThat(String.join("", kept.tokens)).isEqualTo("Sorry. ");
    LanguageModel.Reply calls = new SourceCheck(kept).finish(new LanguageModel.Reply(null,
        List.of(new ToolCall("c1", "clock", "{}")), "tool_calls", 1, 0));
    assertThat(calls.grounding()).as("a tool call is not an answer yet").isNull();
  }

  @Test
  void sourcesAreFactsInSystemMessagesOrToolResultsAndTheInstructionGoesAfterThem() {
    assertThat(SourceCheck.hasSources(List.of(ChatMessage.system("You are a helpful assistant. Be brief."),
        ChatMessage.user("hi")))).isFalse();
    assertThat(SourceCheck.hasSources(List.of(ChatMessage.system("The Loire is long."), ChatMessage.user("hi")))).isTrue();
    assertThat(SourceCheck.hasSources(List.of(ChatMessage.user("hi"), ChatMessage.tool("c", "clock", "12:00")))).isTrue();
    List<ChatMessage> sent = SourceCheck.withInstruction(List.of(ChatMessage.system("The Loire is long."),
        ChatMessage.user("hi")));
    assertThat(sent).extracting(ChatMessage::content)
        .containsExactly("The Loire is long.", LanguageModel.SOURCES_INSTRUCTION, "hi");
  }

  @Test
  void aHeldBackStartOfTheSentinelIsSentAtTheEndWhenTheSentinelNeverCame() {
    KeptTokens kept = new KeptTokens();
    LanguageModel.Reply reply = feed(new SourceCheck(kept), "Rivers ", "[[NOT");
    assertThat(String.join("", kept.tokens)).isEqualTo("Rivers [[NOT");
    assertThat(kept.tokens).last().isEqualTo("[[NOT");
    assertThat(reply.grounding()).isEqualTo(Grounding.GROUNDED);
  }

  @Test
  void aCancelledReplyThatFoundTheSentinelKeepsTheRefusalWithoutSayingIt() {
    KeptTokens kept = new KeptTokens();
    SourceCheck check = new SourceCheck(kept);
    check.token(LanguageModel.NOT_IN_SOURCES);
    LanguageModel.Reply reply = check.finish(new LanguageModel.Reply(null, List.of(), "cancelled", 1, 1));
    assertThat(reply.content()).isEqualTo(SourceCheck.REFUSAL);
    assertThat(reply.grounding()).isEqualTo(Grounding.NOT_IN_SOURCES);
    assertThat(kept.tokens).isEmpty();
  }

  @Test
  void aSentinelBesideAToolCallIsNoRefusal() {
    KeptTokens kept = new KeptTokens();
    LanguageModel.Reply reply = new SourceCheck(kept).finish(new LanguageModel.Reply(LanguageModel.NOT_IN_SOURCES,
        List.of(new ToolCall("c1", "clock", "{}")), "tool_calls", 1, 1));
    assertThat(reply.content()).isEmpty();
    assertThat(reply.grounding()).isEqualTo(Grounding.NOT_IN_SOURCES);
    assertThat(kept.tokens).isEmpty();
  }

  @Test
  void developerMessagesCountAsSystemMessagesAndBlankMessagesAsNothing() {
    ChatMessage developer = new ChatMessage("developer", "The Loire is long.", null, null, null);
    assertThat(SourceCheck.hasSources(List.of(developer, ChatMessage.user("hi")))).isTrue();
    assertThat(SourceCheck.hasSources(List.of(ChatMessage.system("  "), ChatMessage.tool("c", "clock", null),
        new ChatMessage("assistant", "The Loire is long.", null, null, null), ChatMessage.user("hi")))).isFalse();
    List<ChatMessage> sent = SourceCheck.withInstruction(List.of(ChatMessage.system("Be brief."), developer,
        ChatMessage.user("hi")));
    assertThat(sent).extracting(ChatMessage::content)
        .containsExactly("Be brief.", "The Loire is long.", LanguageModel.SOURCES_INSTRUCTION, "hi");
  }
}
