package dev.nexus.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.ChatMessage;
import dev.nexus.reasoning.grounded.IntentParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntentAndPromptRepetitionTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "What is 12.5 times 8?|12.5 * 8",
      "what's 3 plus 4 minus 1|3 + 4 - 1",
      "Calculate 2 to the power of 10|2 ^ 10",
      "how much is 1,250 divided by 5?|1250 / 5",
      "what is the square root of 144|sqrt(144)",
      "compute 7 squared|7 ^ 2",
      "what is 20 percent of 50|20 / 100 * 50",
      "What is 10 mod 3?|10 % 3",
      "3x4|3 * 4",
      "what is 5 divided by 0|5 / 0",
      "evaluate max(2, 9)|max(2, 9)",
      "what is twelve times eight|12 * 8",
      "Hi there. What is 17.5 multiplied by 12? Answer with the number.|17.5 * 12",
      "add seven and five|7 + 5"
  })
  void arithmeticInWordsBecomesACalculatorCall(String message, String expression) {
    IntentParser.Intent intent = IntentParser.parse(message);
    assertThat(intent).isNotNull();
    assertThat(intent.tool()).isEqualTo("calculator");
    assertThat(intent.arguments()).isEqualTo(Map.of("expression", expression));
  }

  @Test
  void timeAndSearchIntents() {
    assertThat(IntentParser.parse("Hey, what time is it?").tool()).isEqualTo("clock");
    assertThat(IntentParser.parse("What's the date today").tool()).isEqualTo("clock");
    IntentParser.Intent web = IntentParser.parse("search the web for vert.x event bus");
    assertThat(web.tool()).isEqualTo("web_search");
    assertThat(web.arguments()).isEqualTo(Map.of("query", "vert.x event bus"));
    IntentParser.Intent docs = IntentParser.parse("Search the documents for the launch date.");
    assertThat(docs.tool()).isEqualTo("document_search");
    assertThat(docs.arguments()).isEqualTo(Map.of("query", "the launch date"));
    assertThat(IntentParser.parse("look up tide tables").tool()).isEqualTo("search");
  }

  @Test
  void ordinaryQuestionsAskForNoTool() {
    for (String text : List.of("Tell me about the Eiffel Tower", "What is 42", "what is love", "3 4", "", "  ",
        "what is 2 + banana", "what is 2 +", "Tell me about the years 1914 - 1918", "what is 2 plus 2 " + "x".repeat(300))) {
      assertThat(IntentParser.parse(text)).as(text).isNull();
    }
    assertThat(IntentParser.parse(null)).isNull();
  }

  @Test
  void promptRepetitionDoublesOnlyTheLastUserMessage() {
    List<ChatMessage> out = ReasoningVerticle.repeatLastUserMessage(List.of(ChatMessage.user("first"),
        ChatMessage.assistant("ok", null), ChatMessage.user("second")));
    assertThat(out.get(0).content()).isEqualTo("first");
    assertThat(out.get(2).content()).isEqualTo("second\n\nsecond");
    assertThat(dev.nexus.reasoning.grounded.GroundedModelAccess.undo("second\n\nsecond")).isEqualTo("second");
    assertThat(dev.nexus.reasoning.grounded.GroundedModelAccess.undo("a b")).isEqualTo("a b");
    assertThat(dev.nexus.reasoning.grounded.GroundedModelAccess.undo("x x")).isEqualTo("x");
    assertThat(dev.nexus.reasoning.grounded.GroundedModelAccess.undo(null)).isEmpty();
  }

  @Test
  void promptRepetitionSkipsAUserMessageWithoutTextAndLeavesAConversationWithoutOneAlone() {
    List<ChatMessage> out = ReasoningVerticle.repeatLastUserMessage(List.of(ChatMessage.user("ask"),
        new ChatMessage("user", null, null, null, null), ChatMessage.assistant("ok", null)));
    assertThat(out).extracting(ChatMessage::content).containsExactly("ask\n\nask", null, "ok");
    assertThat(ReasoningVerticle.repeatLastUserMessage(List.of(ChatMessage.system("facts"))))
        .extracting(ChatMessage::content).containsExactly("facts");
  }
}
