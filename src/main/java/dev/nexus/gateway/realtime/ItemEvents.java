package dev.nexus.gateway.realtime;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolCall;
import dev.nexus.bus.Transcription;
import dev.nexus.bus.TranscriptionRequest;
import dev.nexus.gateway.base.BusErrors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The client's {@code conversation.item.*} events (create, delete, truncate) on a session's conversation, and the
 * transcription of audio the client hands over whole.
 */
record ItemEvents(Vertx vertx, String sessionId, RealtimeOutput out, Conversation conversation,
    Supplier<SessionConfig> config) {
  /** Base64 audio bytes (PCM16 or G.711) from an event field, or a protocol error naming it. */
  static byte[] decodeBase64(Object raw, String param) {
    if (!(raw instanceof String text)) {
      throw ProtocolError.invalid(param, "'" + param + "' must be base64-encoded audio");
    }
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw ProtocolError.invalid(param, "'" + param + "' is not valid base64: " + e.getMessage());
    }
  }

  /** Base64 PCM16 from an event field, or a protocol error naming it. */
  static byte[] decodeAudio(Object raw, String param) {
    byte[] pcm = decodeBase64(raw, param);
    if (pcm.length % 2 != 0) {
      throw ProtocolError.invalid(param, "PCM16 audio must have an even number of bytes");
    }
    return pcm;
  }

  /** A whole recording at the session's input rate, transcribed by the speech stage. */
  Future<Transcription> transcribe(byte[] pcm) {
    SessionConfig c = config.get();
    return vertx.eventBus().<Transcription>request(Addresses.SPEECH_TRANSCRIBE, new TranscriptionRequest(
        RequestContext.newRequest(sessionId), pcm, c.inputRate, c.transcriptionLanguage),
        new DeliveryOptions().setSendTimeout(600_000)).map(m -> m.body()); // as the transcription route: a long buffer
  }

  void create(JsonObject event) {
    if (!(event.getValue("item") instanceof JsonObject raw)) {
      throw ProtocolError.invalid("item", "conversation.item.create needs an 'item' object");
    }
    Object previous = event.getValue("previous_item_id");
    if (previous != null && !"root".equals(previous)) {
      conversation.find(previous instanceof String s ? s : null, "previous_item_id");
    }
    String previousId = (String) previous;
    String itemId = raw.getValue("id") instanceof String s && !s.isBlank() ? s : null;
    if (itemId != null && conversation.contains(itemId)) {
      throw ProtocolError.invalid("item.id", "An item with id '" + itemId + "' already exists");
    }
    ByteArrayOutputStream audio = new ByteArrayOutputStream();
    Item item = parse(raw, itemId, "item", audio);
    if (audio.size() == 0) {
      conversation.add(item, previousId);
      return;
    }
    transcribe(audio.toByteArray())
        .onSuccess(t -> {
          item.text = ((item.text == null ? "" : item.text) + " " + t.text()).trim();
          item.audio = true;
          conversation.add(item, previousId);
        })
        .onFailure(err -> out.error(null, "transcription_failed", "item.content", "The item's audio could not be "
            + "transcribed: " + BusErrors.message(err, "speech")));
  }

  /**
   * A response's {@code input}: items (messages with text or transcripts, function calls and their outputs, or
   * {@code item_reference}s to items of the conversation) as chat messages; the conversation is not touched.
   */
  List<ChatMessage> messages(JsonArray input, String where) {
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      String at = where + "[" + i + "]";
      if (!(input.getValue(i) instanceof JsonObject raw)) {
        throw ProtocolError.invalid(at, at + " must be an item object");
      }
      Item item = "item_reference".equals(raw.getValue("type"))
          ? conversation.find(raw.getValue("id") instanceof String s ? s : null, at + ".id")
          : parse(raw, null, at, null);
      ChatMessage message = item.toMessage();
      if (message != null) {
        messages.add(message);
      }
    }
    return messages;
  }

  /**
   * An item from its JSON; the bytes of any audio content go to {@code audio} (null: audio is refused, naming the
   * field), and the item's text is what the rest of the content says.
   */
  private static Item parse(JsonObject raw, String itemId, String where, ByteArrayOutputStream audio) {
    String type = raw.getValue("type") instanceof String t ? t : "message";
    switch (type) {
      case "function_call_output" -> {
        if (!(raw.getValue("call_id") instanceof String callId) || !(raw.getValue("output") instanceof String output)) {
          throw ProtocolError.invalid(where, "a function_call_output item needs string 'call_id' and 'output'");
        }
        return Item.functionOutput(itemId, callId, output);
      }
      case "function_call" -> {
        if (!(raw.getValue("call_id") instanceof String callId) || !(raw.getValue("name") instanceof String name)) {
          throw ProtocolError.invalid(where, "a function_call item needs string 'call_id' and 'name'");
        }
        return Item.functionCall(itemId, new ToolCall(callId, name,
            raw.getValue("arguments") instanceof String a ? a : "{}"));
      }
      case "message" -> {
        return message(raw, itemId, where, audio);
      }
      default -> throw ProtocolError.invalid(where + ".type", where + ".type must be message, function_call or "
          + "function_call_output (got '" + type + "')");
    }
  }

  private static Item message(JsonObject raw, String itemId, String where, ByteArrayOutputStream audio) {
    Object role = raw.getValue("role");
    if (!List.of("user", "assistant", "system").contains(role)) {
      throw ProtocolError.invalid(where + ".role", where + ".role must be user, assistant or system");
    }
    if (!(raw.getValue("content") instanceof JsonArray content) || content.isEmpty()) {
      throw ProtocolError.invalid(where + ".content", "a message item needs a non-empty 'content' array");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < content.size(); i++) {
      String part = where + ".content[" + i + "]";
      if (!(content.getValue(i) instanceof JsonObject p) || !(p.getValue("type") instanceof String kind)) {
        throw ProtocolError.invalid(part, part + " must be an object with a 'type'");
      }
      switch (kind) {
        case "input_text", "text", "output_text" -> {
          if (!(p.getValue("text") instanceof String t)) {
            throw ProtocolError.invalid(part + ".text", part + ".text must be a string");
          }
          text.append(text.length() > 0 ? " " : "").append(t);
        }
        case "input_audio", "audio", "output_audio" -> {
          if (p.getValue("audio") != null && audio != null) {
            byte[] pcm = decodeAudio(p.getValue("audio"), part + ".audio");
            audio.write(pcm, 0, pcm.length);
          } else if (p.getValue("transcript") instanceof String t) {
            text.append(text.length() > 0 ? " " : "").append(t);
          } else {
            throw ProtocolError.invalid(part, part + (audio == null ? " needs a 'transcript' (audio is not "
                + "transcribed here)" : " needs 'audio' (base64 PCM16) or a 'transcript'"));
          }
        }
        default -> throw ProtocolError.invalid(part + ".type", "content type '" + kind + "' is not supported");
      }
    }
    return Item.message(itemId, (String) role, text.toString(), false);
  }

  /** {@code conversation.item.retrieve}: the item as the server holds it (an audio item's transcript as truncated). */
  void retrieve(JsonObject event) {
    Item item = conversation.find(event.getValue("item_id") instanceof String s ? s : null, "item_id");
    out.send(out.event("conversation.item.retrieved").put("item", item.toJson(out.legacy())));
  }

  void delete(JsonObject event) {
    Item item = conversation.find(event.getValue("item_id") instanceof String s ? s : null, "item_id");
    conversation.remove(item);
    out.send(out.event("conversation.item.deleted").put("item_id", item.id));
  }

  /**
   * Truncates an assistant audio item at what the listener heard.
   *
   * @param stopIfPlaying cancels the response still speaking this item
   */
  void truncate(JsonObject event, Consumer<Item> stopIfPlaying) {
    Item item = conversation.find(event.getValue("item_id") instanceof String s ? s : null, "item_id");
    if (!"assistant".equals(item.role) || !item.audio) {
      throw ProtocolError.invalid("item_id", "only an assistant message with audio can be truncated");
    }
    if (!(event.getValue("content_index", 0) instanceof Number index) || index.intValue() != 0) {
      throw ProtocolError.invalid("content_index", "content_index must be 0");
    }
    if (!(event.getValue("audio_end_ms") instanceof Number end) || end.doubleValue() < 0) {
      throw ProtocolError.invalid("audio_end_ms", "audio_end_ms must be a number of milliseconds, 0 or more");
    }
    Conversation.Spoken spoken = conversation.spokenOf(item);
    if (spoken == null) {
      throw ProtocolError.invalid("item_id", "the item's audio is no longer known to the server");
    }
    if (end.doubleValue() > spoken.audioMs + 1) {
      throw ProtocolError.invalid("audio_end_ms", "audio_end_ms (" + end + ") is past the item's audio, which is "
          + Math.round(spoken.audioMs) + " ms long");
    }
    stopIfPlaying.accept(item);
    item.text = spoken.heardBy(end.doubleValue());
    spoken.audioMs = end.doubleValue();
    out.send(out.event("conversation.item.truncated").put("item_id", item.id).put("content_index", 0)
        .put("audio_end_ms", end.intValue()));
  }
}
