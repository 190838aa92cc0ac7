package dev.nexus.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.Codecs;
import dev.nexus.bus.Transcription;
import dev.nexus.bus.TranscriptionRequest;
import dev.nexus.gateway.base.EventSocket;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The client's conversation.item.* events on a conversation: every malformed item is refused naming its field. */
class ItemEventsTest {
  static Vertx vertx;
  final List<JsonObject> sent = new CopyOnWriteArrayList<>();
  Conversation conversation;
  ItemEvents items;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Codecs.register(vertx.eventBus());
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void session() {
    RealtimeOutput out = new RealtimeOutput(new EventSocket("test", sent::add, () -> true), false);
    conversation = new Conversation(out);
    items = new ItemEvents(vertx, "sess-1", out, conversation, SessionConfig::new);
  }

  static JsonObject message(String role, JsonObject... parts) {
    return new JsonObject().put("type", "message").put("role", role).put("content", new JsonArray(List.of(parts)));
  }

  static JsonObject text(String text) {
    return new JsonObject().put("type", "input_text").put("text", text);
  }

  static void refused(ThrowingCallable call, String param, String message) {
    assertThatThrownBy(call).isInstanceOf(ProtocolError.class).hasMessageContaining(message)
        .satisfies(e -> assertThat(((ProtocolError) e).param).isEqualTo(param));
  }

  @Test
  void pcm16WithAnOddNumberOfBytesIsRefusedNamingItsField() {
    refused(() -> ItemEvents.decodeAudio(Base64.getEncoder().encodeToString(new byte[3]), "audio"), "audio",
        "PCM16 audio must have an even number of bytes");
    assertThat(ItemEvents.decodeAudio(Base64.getEncoder().encodeToString(new byte[4]), "audio")).hasSize(4);
  }

  @Test
  void aPreviousItemIdThatIsNotAStringIsNotFoundAndABlankIdGetsAFreshOne() {
    refused(() -> items.create(new JsonObject().put("previous_item_id", 5).put("item", message("user", text("hi")))),
        "previous_item_id", "No conversation item with id 'null'");
    items.create(new JsonObject().put("item", message("user", text("hi")).put("id", "  ")));
    assertThat(conversation.lastId()).startsWith("item");
    items.create(new JsonObject().put("previous_item_id", "root").put("item", message("user", text("first"))));
    assertThat(sent).extracting(e -> e.getString("type")).contains("conversation.item.added");
  }

  @Test
  void aResponsesInputNamesTheIndexOfEachMalformedItem() {
    refused(() -> items.messages(new JsonArray().add("text"), "input"), "input[0]", "input[0] must be an item object");
    refused(() -> items.messages(new JsonArray().add(new JsonObject().put("type", "item_reference").put("id", 3)),
        "input"), "input[0].id", "No conversation item");
    refused(() -> items.messages(new JsonArray().add(new JsonObject().put("type", "function_call")
        .put("call_id", "c1")), "input"), "input[0]", "a function_call item needs string 'call_id' and 'name'");
    refused(() -> items.messages(new JsonArray().add(new JsonObject().put("type", "function_call_output")
        .put("call_id", "c1").put("output", 4)), "input"), "input[0]", "needs string 'call_id' and 'output'");
    refused(() -> items.messages(new JsonArray().add(message("user", text("ok")))
        .add(message("user", new JsonObject().put("text", "no type"))), "input"), "input[1].content[0]",
        "input[1].content[0] must be an object with a 'type'");
    refused(() -> items.messages(new JsonArray().add(new JsonObject().put("role", "user")
        .put("content", new JsonArray().add("plain"))), "input"), "input[0].content[0]", "must be an object");
    refused(() -> items.messages(new JsonArray().add(message("user", new JsonObject().put("type", "input_text")
        .put("text", 1))), "input"), "input[0].content[0].text", "input[0].content[0].text must be a string");
    refused(() -> items.messages(new JsonArray().add(message("user", new JsonObject().put("type", "input_audio")
        .put("audio", "AAAA"))), "input"), "input[0].content[0]",
        "input[0].content[0] needs a 'transcript' (audio is not transcribed here)");
  }

  @Test
  void aResponsesInputJoinsTextAndTranscriptsAndDefaultsAFunctionCallsArguments() {
    List<ChatMessage> messages = items.messages(new JsonArray()
        .add(message("user", text("what is"), new JsonObject().put("type", "input_audio").put("transcript", "two"),
            new JsonObject().put("type", "output_text").put("text", "plus two")))
        .add(new JsonObject().put("type", "function_call").put("call_id", "c1").put("name", "calculator")), "input");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).content()).isEqualTo("what is two plus two");
    assertThat(messages.get(1).toolCalls().get(0).arguments()).isEqualTo("{}");
  }

  @Test
  void anAudioPartWithNeitherAudioNorTranscriptIsRefusedAtCreate() {
    refused(() -> items.create(new JsonObject().put("item", message("user", new JsonObject().put("type",
        "input_audio")))), "item.content[0]", "item.content[0] needs 'audio' (base64 PCM16) or a 'transcript'");
  }

  @Test
  void anItemsAudioIsTranscribedIntoItsTextAfterAnyTextItHas() throws Exception {
    MessageConsumer<TranscriptionRequest> speech = vertx.eventBus().consumer(Addresses.SPEECH_TRANSCRIBE,
        m -> m.reply(new Transcription("a transcript of " + m.body().audio().length + " bytes", "en", 100, null,
            null)));
    speech.completion().await(10, TimeUnit.SECONDS);
    try {
      String audio = Base64.getEncoder().encodeToString(new byte[640]);
      items.create(new JsonObject().put("item", message("assistant", text("before"),
          new JsonObject().put("type", "input_audio").put("audio", audio)).put("id", "spoken")));
      items.create(new JsonObject().put("item", message("user", new JsonObject().put("type", "input_audio")
          .put("audio", audio)).put("id", "heard")));
      awaitItems(2);
      assertThat(conversation.find("spoken", "item_id").text).isEqualTo("before a transcript of 640 bytes");
      assertThat(conversation.find("heard", "item_id").text).isEqualTo("a transcript of 640 bytes");
      assertThat(conversation.find("heard", "item_id").audio).isTrue();
    } finally {
      speech.unregister().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void anItemsAudioWithoutASpeechStageIsATranscriptionFailedErrorOnItemContent() throws Exception {
    items.create(new JsonObject().put("item", message("user", new JsonObject().put("type", "input_audio")
        .put("audio", Base64.getEncoder().encodeToString(new byte[64])))));
    for (int i = 0; i < 200 && sent.isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertThat(sent).hasSize(1);
    JsonObject error = sent.get(0).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("transcription_failed");
    assertThat(error.getString("param")).isEqualTo("item.content");
    assertThat(error.getString("message")).startsWith("The item's audio could not be transcribed: the speech "
        + "capability is not available");
  }

  void awaitItems(int count) throws Exception {
    for (int i = 0; i < 200 && sent.stream().filter(e -> "conversation.item.added".equals(e.getString("type")))
        .count() < count; i++) {
      Thread.sleep(20);
    }
  }

  @Test
  void truncateNamesItsContentIndexItsEndAndAnItemWhoseAudioIsNoLongerKnown() {
    Item spoken = Item.message("said", "assistant", "hello there", true);
    conversation.add(spoken, null);
    refused(() -> items.truncate(new JsonObject().put("item_id", "said").put("content_index", 1)
        .put("audio_end_ms", 10), item -> { }), "content_index", "content_index must be 0");
    refused(() -> items.truncate(new JsonObject().put("item_id", "said").put("content_index", "0")
        .put("audio_end_ms", 10), item -> { }), "content_index", "content_index must be 0");
    refused(() -> items.truncate(new JsonObject().put("item_id", "said").put("audio_end_ms", -1), item -> { }),
        "audio_end_ms", "audio_end_ms must be a number of milliseconds, 0 or more");
    refused(() -> items.truncate(new JsonObject().put("item_id", "said").put("audio_end_ms", "ten"), item -> { }),
        "audio_end_ms", "audio_end_ms must be a number");
    refused(() -> items.truncate(new JsonObject().put("item_id", "said").put("audio_end_ms", 10), item -> { }),
        "item_id", "the item's audio is no longer known to the server");
    Item quiet = Item.message("typed", "assistant", "typed words", false);
    conversation.add(quiet, null);
    refused(() -> items.truncate(new JsonObject().put("item_id", "typed").put("audio_end_ms", 0), item -> { }),
        "item_id", "only an assistant message with audio can be truncated");
  }
}
