package dev.nexus.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** session.update in both of OpenAI's shapes, the echo guard's judgement and the beta event names. */
class SessionConfigTest {
  @Test
  void theGaShapeSetsFormatsVoiceTurnDetectionAndTools() {
    SessionConfig c = new SessionConfig().apply(new JsonObject("""
        {"type":"realtime","instructions":"Be brief.","output_modalities":["audio"],"max_output_tokens":200,
         "audio":{"input":{"format":{"type":"audio/pcm","rate":16000},"transcription":{"language":"en"},
                           "turn_detection":{"type":"server_vad","threshold":0.7,"prefix_padding_ms":100,
                                             "silence_duration_ms":900,"create_response":false,"interrupt_response":false}},
                  "output":{"format":{"type":"audio/pcm","rate":24000},"voice":"marin","speed":1.5}},
         "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}}],
         "tool_choice":{"type":"function","name":"get_weather"},"temperature":0.4}"""));
    assertThat(c.instructions).isEqualTo("Be brief.");
    assertThat(c.inputRate).isEqualTo(16000);
    assertThat(c.outputRate).isEqualTo(24000);
    assertThat(c.voice).isEqualTo("marin");
    assertThat(c.speed).isEqualTo(1.5);
    assertThat(c.transcriptionLanguage).isEqualTo("en");
    assertThat(c.turnDetection).isEqualTo(new SessionConfig.TurnDetection(0.7, 100, 900, false, false));
    assertThat(c.tools).extracting(t -> t.name()).containsExactly("get_weather");
    assertThat(c.toolChoice).isEqualTo("get_weather");
    assertThat(c.maxOutputTokens).isEqualTo(200);
    assertThat(c.temperature).isEqualTo(0.4);
    JsonObject json = c.toJson("sess_1", false);
    assertThat(json.getJsonObject("audio").getJsonObject("input").getJsonObject("turn_detection")
        .getInteger("silence_duration_ms")).isEqualTo(900);
    assertThat(json.getJsonArray("tools").getJsonObject(0).getString("name")).isEqualTo("get_weather");
    assertThat(c.speechStreamDiffers(new SessionConfig())).isTrue();
    assertThat(c.speechStreamDiffers(c.copy())).isFalse();
  }

  @Test
  void theBetaShapeAndTextOnlyOutput() {
    SessionConfig c = new SessionConfig().apply(new JsonObject("""
        {"modalities":["text"],"voice":"echo","input_audio_format":"pcm16","output_audio_format":"pcm16",
         "turn_detection":null,"input_audio_transcription":{"model":"whisper-1","language":""},
         "max_response_output_tokens":"inf","nexus_echo_guard":true,"tool_choice":"none"}"""));
    assertThat(c.audioOut).isFalse();
    assertThat(c.voice).isEqualTo("echo");
    assertThat(c.turnDetection).isNull();
    assertThat(c.transcriptionLanguage).isNull();
    assertThat(c.maxOutputTokens).isNull();
    assertThat(c.echoGuard).isTrue();
    JsonObject json = c.toJson("sess_2", true);
    assertThat(json.getString("input_audio_format")).isEqualTo("pcm16");
    assertThat(json.getValue("turn_detection")).isNull();
    assertThat(json.getJsonArray("modalities")).isEqualTo(new JsonArray().add("text"));
  }

  @Test
  void badFieldsAreRefusedNamingTheFieldAndChangeNothing() {
    SessionConfig c = new SessionConfig();
    for (String bad : new String[] {"{\"instructions\":5}", "{\"audio\":7}", "{\"audio\":{\"output\":{\"speed\":9}}}",
        "{\"output_modalities\":[]}", "{\"turn_detection\":\"on\"}", "{\"tools\":{}}", "{\"tools\":[{\"type\":\"function\",\"name\":\"x\",\"parameters\":3}]}",
        "{\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":44100}}}}", "{\"input_audio_format\":\"g711_ulaw\"}",
        "{\"turn_detection\":{\"create_response\":\"yes\"}}", "{\"nexus_echo_guard\":1}", "{\"max_output_tokens\":0}",
        "{\"model\":false}", "{\"tools\":[{\"type\":\"function\",\"name\":\"x\",\"description\":[1]}]}"}) {
      assertThatThrownBy(() -> c.apply(new JsonObject(bad))).as(bad).isInstanceOfSatisfying(ProtocolError.class,
          e -> assertThat(e.param).isNotBlank());
    }
    assertThat(c.inputRate).isEqualTo(24000);
    assertThat(c.turnDetection).isEqualTo(SessionConfig.TurnDetection.DEFAULT);
    assertThatThrownBy(() -> c.apply(new JsonObject("{\"tools\":[{\"name\":\"x\",\"description\":7}]}")))
        .hasMessageContaining("session.tools[0].description must be a string");
  }

  @Test
  void theEchoGuardKnowsTheAssistantsRecentWords() {
    EchoGuard guard = new EchoGuard(8, 0.6);
    assertThat(guard.isEcho("the storm")).as("nothing said yet").isFalse();
    guard.spoken("The lighthouse keeper watched the storm roll over the water.");
    assertThat(guard.isEcho("keeper watched the storm")).isTrue();
    assertThat(guard.isEcho("the keeper watched a storm")).isTrue();
    assertThat(guard.isEcho("what time is it")).isFalse();
    assertThat(guard.isEcho("  ")).isFalse();
    guard.spoken("Completely different words now arrive here later on");
    assertThat(guard.isEcho("lighthouse keeper")).as("forgotten past the memory").isFalse();
  }

  @Test
  void betaClientsGetTheOldNames() {
    assertThat(LegacyNames.of("response.output_audio.delta")).isEqualTo("response.audio.delta");
    assertThat(LegacyNames.of("conversation.item.added")).isEqualTo("conversation.item.created");
    assertThat(LegacyNames.of("response.done")).isEqualTo("response.done");
  }

  @Test
  void spokenItemsAreCutAtTheLastWordHeard() {
    Conversation.Spoken spoken = new Conversation.Spoken();
    spoken.transcript.append("Hello there friend.");
    Item item = Item.message("assistant", "", true);
    spoken.heard.mark(0, item, 0, 5);
    spoken.heard.mark(400, item, 6, 11);
    spoken.heard.mark(800, item, 12, 19);
    assertThat(spoken.heardBy(0)).isEmpty();
    assertThat(spoken.heardBy(100)).isEqualTo("Hello");
    assertThat(spoken.heardBy(500)).isEqualTo("Hello there");
    assertThat(spoken.heardBy(5000)).isEqualTo("Hello there friend.");
  }
}
