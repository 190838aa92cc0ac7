package dev.nexus.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A conversation item as the protocol shows it (GA and beta names) and as the reasoning stage reads it. */
class ItemTest {
  @Test
  void aFreshIdIsItemAnd20HexDigitsAndAClientsIdIsKept() {
    Item fresh = Item.message("user", "hi", false);
    assertThat(fresh.id).matches("item_[0-9a-f]{20}");
    assertThat(Item.message("user", "hi", false).id).isNotEqualTo(fresh.id);
    assertThat(Item.message("item_mine", "user", "hi", false).id).isEqualTo("item_mine");
    assertThat(Item.functionCall("item_call", new ToolCall("c", "f", "{}")).id).isEqualTo("item_call");
    assertThat(Item.functionOutput(null, "c", "4").id).startsWith("item_");
  }

  @Test
  void aUserTextMessageShowsAsInputTextInBothShapes() {
    Item item = Item.message("user", "What time is it?", false);
    JsonObject expected = new JsonObject().put("id", item.id).put("object", "realtime.item").put("type", "message")
        .put("status", "completed").put("role", "user")
        .put("content", new JsonArray().add(new JsonObject().put("type", "input_text").put("text", "What time is it?")));
    assertThat(item.toJson(false)).isEqualTo(expected);
    assertThat(item.toJson(true)).isEqualTo(expected);
  }

  @Test
  void contentTypesFollowRoleAudioAndShape() {
    assertThat(Item.message("assistant", "Hello", true).content(false))
        .isEqualTo(new JsonObject().put("type", "output_audio").put("transcript", "Hello"));
    assertThat(Item.message("assistant", "Hello", true).content(true))
        .isEqualTo(new JsonObject().put("type", "audio").put("transcript", "Hello"));
    assertThat(Item.message("assistant", "Hello", false).content(false))
        .isEqualTo(new JsonObject().put("type", "output_text").put("text", "Hello"));
    assertThat(Item.message("assistant", "Hello", false).content(true))
        .isEqualTo(new JsonObject().put("type", "text").put("text", "Hello"));
    assertThat(Item.message("user", "spoken", true).content(false))
        .isEqualTo(new JsonObject().put("type", "input_audio").put("transcript", "spoken"));
    assertThat(Item.message("user", "spoken", true).content(true).getString("type")).isEqualTo("input_audio");
    assertThat(Item.message("system", "Be brief.", false).content(true).getString("type")).isEqualTo("input_text");
  }

  @Test
  void aMessageWithoutTextShowsEmptyTextButAnAudioOneWithoutTranscriptShowsNull() {
    assertThat(Item.message("user", null, false).content(false).getString("text")).isEqualTo("");
    JsonObject audio = Item.message("user", null, true).content(false);
    assertThat(audio.containsKey("transcript")).isTrue();
    assertThat(audio.getString("transcript")).isNull();
  }

  @Test
  void aFunctionCallAndItsOutputShowTheirCallFieldsAndAStatus() {
    Item call = Item.functionCall(new ToolCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"));
    call.status = "in_progress";
    assertThat(call.toJson(false)).isEqualTo(new JsonObject().put("id", call.id).put("object", "realtime.item")
        .put("type", "function_call").put("status", "in_progress").put("call_id", "call_1").put("name", "get_weather")
        .put("arguments", "{\"city\":\"Oslo\"}"));
    Item output = Item.functionOutput("item_out", "call_1", "sunny");
    assertThat(output.toJson(true)).isEqualTo(new JsonObject().put("id", "item_out").put("object", "realtime.item")
        .put("type", "function_call_output").put("status", "completed").put("call_id", "call_1").put("output", "sunny"));
    assertThat(output.role).isNull();
  }

  @Test
  void eachItemBecomesTheChatMessageTheReasoningStageExpects() {
    assertThat(Item.message("user", "Hi there", true).toMessage())
        .isEqualTo(new ChatMessage("user", "Hi there", null, null, null));
    assertThat(Item.message("assistant", "Hello", false).toMessage()).isEqualTo(ChatMessage.assistant("Hello", null));
    assertThat(Item.functionCall(new ToolCall("call_1", "add", "{\"a\":1}")).toMessage())
        .isEqualTo(ChatMessage.assistant(null, List.of(new ToolCall("call_1", "add", "{\"a\":1}"))));
    assertThat(Item.functionOutput(null, "call_1", "2").toMessage()).isEqualTo(ChatMessage.tool("call_1", null, "2"));
  }

  @Test
  void aMessageWithNothingToSayIsLeftOutOfTheChat() {
    assertThat(Item.message("user", null, true).toMessage()).isNull();
    assertThat(Item.message("user", "", false).toMessage()).isNull();
    assertThat(Item.message("user", "  \n", false).toMessage()).isNull();
  }
}
