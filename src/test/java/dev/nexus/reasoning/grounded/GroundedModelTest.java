package dev.nexus.reasoning.grounded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.Grounding;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.ToolSpec;
import dev.nexus.capability.DevicePolicy;
import dev.nexus.knowledge.Embedder;
import dev.nexus.reasoning.engine.KeptTokens;
import dev.nexus.reasoning.engine.LanguageModel;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The grounded engine's choice of tool for a turn, and what it answers from without one. */
class GroundedModelTest {
  static GroundedModel model;

  @BeforeAll
  static void load() throws Exception {
    Embedder embedder = Embedder.load(DevicePolicy.cpu(1));
    model = new GroundedModel(embedder, KeptTokens.onThisThread(), 2, 0.3);
  }

  static ToolSpec tool(String name) {
    return new ToolSpec(name, null, Map.of("type", "object", "properties",
        Map.of("query", Map.of("type", "string")), "required", List.of("query")), null);
  }

  static LanguageModel.Reply ask(List<ChatMessage> messages, List<ToolSpec> tools, String toolChoice) throws Exception {
    return model.generate(new LanguageModel.Call(GroundedModel.MODEL, messages, tools, toolChoice, null, null),
        new KeptTokens()).await(60, TimeUnit.SECONDS);
  }

  static ToolCall called(String question, List<ToolSpec> tools, String toolChoice) throws Exception {
    LanguageModel.Reply reply = ask(List.of(ChatMessage.user(question)), tools, toolChoice);
    return reply.toolCalls().isEmpty() ? null : reply.toolCalls().get(0);
  }

  @Test
  void aSearchWithoutSayingWhereUsesTheWebWhenOfferedAndTheDocumentsOtherwise() throws Exception {
    assertThat(called("look up tide tables", List.of(tool("document_search"), tool("web_search")), null).name())
        .isEqualTo("web_search");
    ToolCall docs = called("look up tide tables", List.of(tool("document_search")), "auto");
    assertThat(docs.name()).isEqualTo("document_search");
    assertThat(new JsonObject(docs.arguments()).getString("query")).isEqualTo("tide tables");
  }

  @Test
  void aForcedToolChoiceWinsOverTheIntentAndAForcedToolNotOfferedCallsNothing() throws Exception {
    List<ToolSpec> tools = List.of(tool("web_search"), tool("clock"));
    assertThat(called("search the web for tides", tools, "clock").name()).isEqualTo("clock");
    assertThat(called("search the web for tides", tools, "web_search").name()).isEqualTo("web_search");
    assertThat(called("search the web for tides", tools, "get_weather")).isNull();
  }

  @Test
  void anIntentForAToolNotOfferedCallsNothingUnlessAToolIsRequired() throws Exception {
    assertThat(called("what time is it", List.of(tool("get_stock")), null)).isNull();
    assertThat(called("what time is it", List.of(tool("get_stock")), "required").name()).isEqualTo("get_stock");
    assertThat(called("tell me a story", List.of(tool("get_stock"), tool("document_search")), "required").name())
        .isEqualTo("document_search");
  }

  @Test
  void toolResultsBeforeTheQuestionAndDeveloperMessagesAreSourcesToAnswerFrom() throws Exception {
    LanguageModel.Reply reply = ask(List.of(
        new ChatMessage("developer", "The Loire is the longest river in France.", null, null, null),
        ChatMessage.user("search the documents for bridges"),
        ChatMessage.tool("c1", "document_search", "The Pont de Normandie crosses the Seine."),
        new ChatMessage("assistant", "The Seine has many bridges.", null, null, null),
        ChatMessage.user("Which is the longest river in France?")), List.of(), "none");
    assertThat(reply.toolCalls()).isEmpty();
    assertThat(reply.grounding()).isEqualTo(Grounding.GROUNDED);
    assertThat(reply.content()).contains("The Loire is the longest river in France.");
  }

  @Test
  void theRefusalOffersTheBuiltInToolsButNotTheClientsOwn() {
    List<ToolSpec> tools = List.of(tool("clock"), tool("get_stock"), tool("calculator"));
    assertThat(SmallTalk.refusal(false, tools)).doesNotContain("get_stock").contains("tell you the time and date");
    assertThat(SmallTalk.abilities(tools)).contains("call your tools (get_stock)");
  }
}
