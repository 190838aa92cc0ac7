package dev.nexus.gateway.realtime;

import dev.nexus.bus.ChatMessage;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code response.create}'s {@code response} object: the session's settings with this response's overrides
 * ({@code instructions}, {@code output_modalities}, {@code voice}, {@code tools}...), the client's {@code metadata}
 * (echoed in {@code response.created} and {@code response.done}), and where it stands to the conversation: in it
 * ({@code conversation: "auto"}) or out of band ({@code "none"}: its output joins no conversation); with
 * {@code input}, those items are its whole context instead of the conversation.
 *
 * @param input the chat messages made of {@code input} (after the instructions), or null for the conversation
 */
record ResponseRequest(SessionConfig config, JsonObject metadata, boolean outOfBand, List<ChatMessage> input) {
  /** Reads a {@code response} object; throws a {@link ProtocolError} naming a bad field. */
  static ResponseRequest parse(JsonObject response, SessionConfig session, ItemEvents items) {
    Object conversation = response.getValue("conversation", "auto");
    if (!"auto".equals(conversation) && !"none".equals(conversation)) {
      throw ProtocolError.invalid("response.conversation", "response.conversation must be \"auto\" or \"none\" (got "
          + conversation + ")");
    }
    Object metadata = response.getValue("metadata");
    if (metadata != null && !(metadata instanceof JsonObject)) {
      throw ProtocolError.invalid("response.metadata", "response.metadata must be an object of strings");
    }
    Object rawInput = response.getValue("input");
    if (rawInput != null && !(rawInput instanceof JsonArray)) {
      throw ProtocolError.invalid("response.input", "response.input must be an array of items");
    }
    SessionConfig config = session;
    JsonObject overrides = response.copy();
    overrides.remove("conversation");
    overrides.remove("metadata");
    overrides.remove("input");
    if (!overrides.isEmpty()) {
      config = session.apply(overrides);
    }
    List<ChatMessage> input = null;
    if (rawInput instanceof JsonArray array) {
      input = new ArrayList<>();
      input.add(ChatMessage.system(config.instructions));
      input.addAll(items.messages(array, "response.input"));
    }
    return new ResponseRequest(config, (JsonObject) metadata, "none".equals(conversation), input);
  }
}
