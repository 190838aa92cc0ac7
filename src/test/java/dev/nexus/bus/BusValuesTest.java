package dev.nexus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bus's message values: addresses, failure kinds, the records' defaults and OpenAI wire forms. */
class BusValuesTest {
  @Test
  void perRequestAddressesCarryTheIdUnderTheNexusPrefix() {
    assertThat(List.of(Addresses.stream("r1"), Addresses.cancel("r1"), Addresses.speechAudio("r1"),
        Addresses.health("speech"), Addresses.tool("calculator"), Addresses.podcastProgress("pod_1")))
        .containsExactly("nexus.stream.r1", "nexus.cancel.r1", "nexus.speech.audio.r1", "nexus.health.speech",
            "nexus.tools.calculator", "nexus.podcast.progress.pod_1");
    RequestContext context = new RequestContext("s", "r1");
    assertThat(context.streamAddress()).isEqualTo(Addresses.stream("r1"));
    assertThat(context.cancelAddress()).isEqualTo(Addresses.cancel("r1"));
  }

  @Test
  void epochMicrosIsNowInMicroseconds() {
    long before = System.currentTimeMillis() * 1000;
    long micros = Addresses.epochMicros();
    long after = (System.currentTimeMillis() + 1) * 1000;
    assertThat(micros).isBetween(before, after);
  }

  @Test
  void aRequestContextNeedsBothIdsAndAFreshOneIsUnique() {
    assertThatThrownBy(() -> new RequestContext(null, "r")).isInstanceOf(NullPointerException.class)
        .hasMessage("sessionId");
    assertThatThrownBy(() -> new RequestContext("s", null)).isInstanceOf(NullPointerException.class)
        .hasMessage("requestId");
    RequestContext a = RequestContext.newRequest("s");
    assertThat(a.sessionId()).isEqualTo("s");
    assertThat(a.requestId()).isNotEqualTo(RequestContext.newRequest("s").requestId()).hasSize(36);
  }

  @Test
  void aReplyFailureMapsToTheStagesKindUnavailableWhenNobodyAnsweredElseFailed() {
    for (StageFailure kind : StageFailure.values()) {
      assertThat(StageFailure.of(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, kind.code(), "x"))).isEqualTo(kind);
    }
    assertThat(StageFailure.of(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 99, "x"))).isEqualTo(StageFailure.FAILED);
    assertThat(StageFailure.of(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, "x"))).isEqualTo(StageFailure.FAILED);
    assertThat(StageFailure.of(new ReplyException(ReplyFailure.NO_HANDLERS, 1, "x"))).isEqualTo(StageFailure.UNAVAILABLE);
    assertThat(StageFailure.of(new ReplyException(ReplyFailure.TIMEOUT, 2, "x"))).isEqualTo(StageFailure.UNAVAILABLE);
    assertThat(StageFailure.of(new IllegalStateException("x"))).isEqualTo(StageFailure.FAILED);
    assertThat(StageFailure.of(new StageException(StageFailure.NOT_READY, "podcast", "x"))).isEqualTo(StageFailure.NOT_READY);
    assertThat(List.of(StageFailure.values())).extracting(StageFailure::code).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void aStageExceptionKeepsItsKindStageAndMessageAndWrapsOthersOnce() {
    StageException own = new StageException(StageFailure.NOT_FOUND, "synthesis", "no such voice");
    assertThat(StageException.from("gateway", own)).isSameAs(own);
    StageException wrapped = StageException.from("speech",
        new ReplyException(ReplyFailure.RECIPIENT_FAILURE, StageFailure.INVALID_REQUEST.code(), "bad audio"));
    assertThat(wrapped.failure()).isEqualTo(StageFailure.INVALID_REQUEST);
    assertThat(wrapped.stage()).isEqualTo("speech");
    assertThat(wrapped.getMessage()).isEqualTo("bad audio");
    assertThat(StageException.from("speech", new IllegalStateException()).getMessage()).isEqualTo("null");
    assertThat(wrapped.getStackTrace()).as("no stack trace: an expected failure").isEmpty();
  }

  @Test
  void streamEndsSayHowTheyEnded() {
    assertThat(StreamEnd.done("r", "synthesis")).isEqualTo(new StreamEnd("r", StreamEnd.Status.DONE, "synthesis", null));
    assertThat(StreamEnd.cancelled("r", "speech")).isEqualTo(new StreamEnd("r", StreamEnd.Status.CANCELLED, "speech", null));
    assertThat(StreamEnd.failed("r", "reasoning", "boom"))
        .isEqualTo(new StreamEnd("r", StreamEnd.Status.FAILED, "reasoning", "boom"));
  }

  @Test
  void chatMessagesOfEachRole() {
    assertThat(ChatMessage.system("be brief")).isEqualTo(new ChatMessage("system", "be brief", List.of(), null, null));
    assertThat(ChatMessage.user("hi")).isEqualTo(new ChatMessage("user", "hi", List.of(), null, null));
    ToolCall call = new ToolCall("c1", "add", "{}");
    assertThat(ChatMessage.assistant(null, List.of(call)).toolCalls()).containsExactly(call);
    assertThat(ChatMessage.tool("c1", "add", "2")).isEqualTo(new ChatMessage("tool", "2", null, "c1", "add"));
    List<ToolCall> calls = new ArrayList<>(List.of(call));
    ChatMessage copied = ChatMessage.assistant("x", calls);
    calls.clear();
    assertThat(copied.toolCalls()).as("a copy").containsExactly(call);
  }

  @Test
  void toolCallsInOpenAisWireForm() {
    ToolCall call = new ToolCall("c1", "get_weather", "{\"city\":\"Oslo\"}");
    JsonObject expected = new JsonObject().put("id", "c1").put("type", "function")
        .put("function", new JsonObject().put("name", "get_weather").put("arguments", "{\"city\":\"Oslo\"}"));
    assertThat(call.toOpenAi()).isEqualTo(expected);
    assertThat(ToolCall.toOpenAi(List.of(call, call))).isEqualTo(new JsonArray().add(expected).add(expected));
    assertThat(ToolCall.toOpenAi(List.of())).isEmpty();
  }

  @Test
  void functionNamesAreLettersDigitsUnderscoresAndHyphensUpTo64() {
    assertThat(ToolSpec.validName("get_weather-2")).isTrue();
    assertThat(ToolSpec.validName("a".repeat(64))).isTrue();
    assertThat(ToolSpec.validName("a".repeat(65))).isFalse();
    assertThat(ToolSpec.validName("")).isFalse();
    assertThat(ToolSpec.validName("get weather")).isFalse();
    assertThat(ToolSpec.validName("wetter.de")).isFalse();
    assertThat(ToolSpec.validName(42)).isFalse();
    assertThat(ToolSpec.validName(null)).isFalse();
  }

  @Test
  void aClientFunctionTakesAStringDescriptionAndAnObjectSchemaAndDefaultsBoth() {
    ToolSpec bare = ToolSpec.clientFunction("f", null, null);
    assertThat(bare).isEqualTo(new ToolSpec("f", "", Map.of("type", "object"), "client"));
    ToolSpec full = ToolSpec.clientFunction("f", "adds", new JsonObject().put("type", "object")
        .put("required", new JsonArray().add("a")));
    assertThat(full.description()).isEqualTo("adds");
    assertThat(full.parameters()).containsEntry("type", "object").containsKey("required");
    assertThatThrownBy(() -> ToolSpec.clientFunction("f", 3, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("description must be a string");
    assertThatThrownBy(() -> ToolSpec.clientFunction("f", null, "{}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameters must be a JSON schema object");
  }

  @Test
  void recordsDefaultTheirListsAndGrounding() {
    ChatResult unchecked = new ChatResult("r", "m", "hi", null, null, "stop", 1, 2);
    assertThat(unchecked.toolCalls()).isEmpty();
    assertThat(unchecked.messages()).isEmpty();
    assertThat(unchecked.grounding()).isEqualTo(Grounding.UNCHECKED);
    assertThat(unchecked.grounded()).isFalse();
    assertThat(new ChatResult("r", "m", "hi", null, null, "stop", 1, 2, null).grounding()).isEqualTo(Grounding.UNCHECKED);
    assertThat(new ChatResult("r", "m", "hi", null, null, "stop", 1, 2, Grounding.GROUNDED).grounded()).isTrue();
    assertThat(new ChatResult("r", "m", "hi", null, null, "stop", 1, 2, Grounding.NOT_IN_SOURCES).grounded()).isFalse();
    assertThat(new PodcastOrder(PodcastOrder.Kind.URL, "u", 1, "brief", null).hosts()).isEmpty();
    assertThat(PodcastOrder.Kind.URL.field()).isEqualTo("url");
    assertThat(PodcastOrder.Kind.TOPIC.field()).isEqualTo("topic");
    assertThat(new Transcription("t", "en", 5, null, null).words()).isEmpty();
    assertThat(new Transcription("t", "en", 5, null, null).segments()).isEmpty();
    ChatRequest request = new ChatRequest(new RequestContext("s", "r"), "m", List.of(ChatMessage.user("x")), null,
        null, false, null, null, null);
    assertThat(request.tools()).isEmpty();
    assertThat(new SynthesisRequest(new RequestContext("s", "r"), "hi", "v", 24000, 1.0, 1.0, 40).volume())
        .isEqualTo(1.0);
  }

  @Test
  void anAudioChunksDurationFollowsItsSampleRate() {
    assertThat(new AudioChunk("r", 0, 16000, 0, new byte[32000], null).durationMs()).isEqualTo(1000.0);
    assertThat(new AudioChunk("r", 0, 24000, 0, new byte[960], null).durationMs()).isEqualTo(20.0);
    assertThat(new AudioChunk("r", 0, 24000, 0, new byte[3], null).durationMs()).as("whole samples only")
        .isEqualTo(1000.0 / 24000);
    assertThat(new AudioChunk("r", 0, 24000, 0, new byte[0], null).words()).isEmpty();
  }
}
