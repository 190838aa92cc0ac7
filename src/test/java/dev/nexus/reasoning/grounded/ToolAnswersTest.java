package dev.nexus.reasoning.grounded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ToolCall;
import dev.nexus.text.ArithmeticPhrases;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolAnswersTest {

  @Test
  void aResultSentByCallIdOnlyIsWordedByTheToolNamedOnTheAssistantsCall() {
    List<ChatMessage> messages = List.of(ChatMessage.user("what time is it"),
        ChatMessage.assistant(null, List.of(new ToolCall(null, "other", "{}"), new ToolCall("c1", "clock", "{}"))));
    ChatMessage result = ChatMessage.tool("c1", null, "{\"spoken\":\"ten past nine\",\"timezone\":\"UTC\"}");
    assertThat(ToolAnswers.fromTools("what time is it", List.of(result), messages))
        .isEqualTo("It's ten past nine (UTC).");
  }

  @Test
  void aResultWhoseCallIsNowhereIsWordedAsAPlainToolAnswerAndANullContentAsEmpty() {
    ChatMessage unknown = ChatMessage.tool("missing", null, "sunny");
    ChatMessage empty = ChatMessage.tool("c2", "weather", null);
    assertThat(ToolAnswers.fromTools("weather?", List.of(unknown, empty), List.of(ChatMessage.user("weather?"))))
        .isEqualTo("The tool tool says: sunny The weather tool says: ");
  }

  @Test
  void aCalculatorResultThatIsNoNumberIsSaidAsNotWorkedOutAndOneWithoutASpokenSumAsTheResult() {
    assertThat(ToolAnswers.fromTools("nine times nine", List.of(ChatMessage.tool("c", "calculator", "error: oops")),
        List.of())).isEqualTo("I couldn't work that out: error: oops.");
    assertThat(ToolAnswers.fromTools("tell me", List.of(ChatMessage.tool("c", "calculator", " 42 ")), List.of()))
        .isEqualTo("The result is 42.");
  }

  @Test
  void theEnginesOwnArithmeticSaysWhyASumFailsWithoutThePosition() {
    assertThat(ToolAnswers.compute(new ArithmeticPhrases.Arithmetic("1 / 0", "one divided by zero")))
        .isEqualTo("I couldn't work that out: division by zero.");
    assertThat(ToolAnswers.compute(new ArithmeticPhrases.Arithmetic("", "nothing")))
        .isEqualTo("I couldn't work that out: the expression is empty.");
    assertThat(ToolAnswers.compute(new ArithmeticPhrases.Arithmetic("2 * 3", "two times three")))
        .isEqualTo("Two times three is 6.");
  }

  @Test
  void aLongDecimalIsRoundedToSixDigitsButATinyOneIsSaidInFull() {
    assertThat(ToolAnswers.arithmetic("one third", "0.3333333333")).isEqualTo("One third is about 0.333333.");
    assertThat(ToolAnswers.arithmetic("a tiny number", "0.0000000123")).isEqualTo("A tiny number is 0.0000000123.");
    assertThat(ToolAnswers.arithmetic("a half", "0.5")).isEqualTo("A half is 0.5.");
  }

  @Test
  void anUnreadableClockOrSearchResultIsQuotedAndAnEmptySearchSaysNothingWasFound() {
    assertThat(ToolAnswers.fromTools("time", List.of(ChatMessage.tool("c", "clock", "not json")), List.of()))
        .isEqualTo("I couldn't read the clock: not json.");
    assertThat(ToolAnswers.fromTools("q", List.of(ChatMessage.tool("c", "web_search", "[1,2")), List.of()))
        .isEqualTo("The search didn't work: [1,2.");
    assertThat(ToolAnswers.fromTools("q", List.of(ChatMessage.tool("c", "document_search", "{\"results\":[]}")),
        List.of())).isEqualTo("I searched, but found nothing on that.");
  }

  @Test
  void searchResultsGiveTheFirstTwoTextsOrSnippetsNamingTheirTitlesWhenTheyHaveOne() {
    String results = "{\"results\":[{\"snippet\":\"Paris is in France.\"},"
        + "{\"title\":\"Atlas\",\"text\":\"Lyon is too.\"},{\"title\":\"Third\",\"text\":\"never said\"}]}";
    assertThat(ToolAnswers.fromTools("q", List.of(ChatMessage.tool("c", "web_search", results)), List.of()))
        .isEqualTo("Paris is in France. According to Atlas: Lyon is too.");
  }
}
