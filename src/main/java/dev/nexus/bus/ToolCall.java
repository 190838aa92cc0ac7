package dev.nexus.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A model's request to call a tool; {@code arguments} is a JSON object as text, as in OpenAI's API. */
public record ToolCall(String id, String name, String arguments) {

  /** OpenAI's wire form: {@code {"id","type":"function","function":{"name","arguments"}}}. */
  public JsonObject toOpenAi() {
    return new JsonObject().put("id", id).put("type", "function")
        .put("function", new JsonObject().put("name", name).put("arguments", arguments));
  }

  /** OpenAI's wire form of several calls, for a message's {@code tool_calls}. */
  public static JsonArray toOpenAi(List<ToolCall> calls) {
    JsonArray out = new JsonArray();
    calls.forEach(c -> out.add(c.toOpenAi()));
    return out;
  }
}
