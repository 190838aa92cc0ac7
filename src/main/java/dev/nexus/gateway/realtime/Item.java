package dev.nexus.gateway.realtime;

import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ToolCall;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** One conversation item of a realtime session: a message, a function call or a function call's output. */
final class Item {
  final String id;
  final String type;
  final String role;
  String status = "completed";
  /** A message's text, or for audio content its transcript. */
  String text;
  boolean audio;
  String callId;
  String name;
  String arguments;

  Item(String id, String type, String role) {
    this.id = id == null ? newId() : id;
    this.type = type;
    this.role = role;
  }

  static String newId() {
    return "item_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  static Item message(String role, String text, boolean audio) {
    return message(null, role, text, audio);
  }

  /** A message with a client's id (null: a fresh one). */
  static Item message(String id, String role, String text, boolean audio) {
    Item item = new Item(id, "message", role);
    item.text = text;
    item.audio = audio;
    return item;
  }

  static Item functionCall(ToolCall call) {
    return functionCall(null, call);
  }

  /** A function call with a client's id (null: a fresh one). */
  static Item functionCall(String id, ToolCall call) {
    Item item = new Item(id, "function_call", null);
    item.callId = call.id();
    item.name = call.name();
    item.arguments = call.arguments();
    return item;
  }

  /** A function call's output with a client's id (null: a fresh one). */
  static Item functionOutput(String id, String callId, String output) {
    Item item = new Item(id, "function_call_output", null);
    item.callId = callId;
    item.text = output;
    return item;
  }

  /** The item as the protocol shows it; {@code legacy} uses the beta content type names. */
  JsonObject toJson(boolean legacy) {
    JsonObject json = new JsonObject().put("id", id).put("object", "realtime.item").put("type", type)
        .put("status", status);
    switch (type) {
      case "function_call" -> json.put("call_id", callId).put("name", name).put("arguments", arguments);
      case "function_call_output" -> json.put("call_id", callId).put("output", text);
      default -> json.put("role", role).put("content", new JsonArray().add(content(legacy)));
    }
    return json;
  }

  /** The single content part of a message. */
  JsonObject content(boolean legacy) {
    boolean assistant = "assistant".equals(role);
    String kind = assistant ? (audio ? (legacy ? "audio" : "output_audio") : (legacy ? "text" : "output_text"))
        : (audio ? "input_audio" : "input_text");
    JsonObject part = new JsonObject().put("type", kind);
    return audio ? part.put("transcript", text) : part.put("text", text == null ? "" : text);
  }

  /** The item as a chat message for the reasoning stage, or null when it has nothing to say. */
  ChatMessage toMessage() {
    return switch (type) {
      case "function_call" -> ChatMessage.assistant(null, List.of(new ToolCall(callId, name, arguments)));
      case "function_call_output" -> ChatMessage.tool(callId, null, text);
      default -> text == null || text.isBlank() ? null : new ChatMessage(role, text, null, null, null);
    };
  }
}
