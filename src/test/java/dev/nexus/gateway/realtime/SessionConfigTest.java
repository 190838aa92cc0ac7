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
        "{\"audio\":{\"input\":{\"format\":{\"type\":\"audio/pcm\",\"rate\":44100}}}}", "{\"input_audio_format\":\"g711_ulaw8\"}",
        "{\"audio\":{\"input\":{\"format\":{\"type\":\"audio/opus\"}}}}", "{\"type\":\"conversation\"}",
        "{\"turn_detection\":{\"type\":\"semantic_vad\",\"eagerness\":\"eager\"}}",
        "{\"turn_detection\":{\"type\":\"client_vad\"}}", "{\"audio\":{\"input\":{\"transcription\":{\"language\":3}}}}",
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
  void semanticVadIsTheServerVadWithASilenceChosenByEagerness() {
    SessionConfig agents = new SessionConfig().apply(new JsonObject("""
        {"type":"realtime","audio":{"input":{"turn_detection":{"type":"semantic_vad"},"noise_reduction":null,
         "transcription":{"model":"gpt-4o-mini-transcribe"}}}}"""));
    assertThat(agents.turnDetection).isEqualTo(new SessionConfig.TurnDetection(0.5, 300, 800, true, true, "auto"));
    assertThat(agents.toJson("s", false).getJsonObject("audio").getJsonObject("input").getJsonObject("turn_detection"))
        .isEqualTo(new JsonObject().put("type", "semantic_vad").put("eagerness", "auto").put("create_response", true)
            .put("interrupt_response", true));
    assertThat(agents.toJson("s", false).getJsonObject("audio").getJsonObject("input").getJsonObject("transcription")
        .getString("model")).isEqualTo("gpt-4o-mini-transcribe");
    int low = silence("low");
    int medium = silence("medium");
    int high = silence("high");
    assertThat(low).isGreaterThan(medium);
    assertThat(medium).isGreaterThan(high);
    assertThat(high).isGreaterThanOrEqualTo(300);
    SessionConfig beta = new SessionConfig().apply(new JsonObject("""
        {"turn_detection":{"type":"semantic_vad","eagerness":"high","create_response":false}}"""));
    assertThat(beta.turnDetection.createResponse()).isFalse();
    assertThat(beta.turnDetection.eagerness()).isEqualTo("high");
    assertThat(beta.speechStreamDiffers(agents)).isTrue();
  }

  private static int silence(String eagerness) {
    return new SessionConfig().apply(new JsonObject().put("audio", new JsonObject().put("input", new JsonObject()
        .put("turn_detection", new JsonObject().put("type", "semantic_vad").put("eagerness", eagerness)))))
        .turnDetection.silenceDurationMs();
  }

  @Test
  void g711FormatsAreAcceptedAt8KhzInBothShapes() {
    SessionConfig ga = new SessionConfig().apply(new JsonObject("""
        {"audio":{"input":{"format":{"type":"audio/pcmu"}},"output":{"format":{"type":"audio/pcma"}}}}"""));
    assertThat(ga.inputFormat()).isEqualTo(new AudioFormat(dev.nexus.audio.G711.Law.PCMU, 8000));
    assertThat(ga.inputRate).isEqualTo(8000);
    assertThat(ga.outputFormat()).isEqualTo(new AudioFormat(dev.nexus.audio.G711.Law.PCMA, 8000));
    JsonObject audio = ga.toJson("s", false).getJsonObject("audio");
    assertThat(audio.getJsonObject("input").getJsonObject("format")).isEqualTo(new JsonObject().put("type", "audio/pcmu"));
    assertThat(audio.getJsonObject("output").getJsonObject("format")).isEqualTo(new JsonObject().put("type", "audio/pcma"));
    SessionConfig beta = new SessionConfig().apply(new JsonObject("""
        {"input_audio_format":"g711_alaw","output_audio_format":"g711_ulaw"}"""));
    assertThat(beta.inputLaw).isEqualTo(dev.nexus.audio.G711.Law.PCMA);
    assertThat(beta.outputLaw).isEqualTo(dev.nexus.audio.G711.Law.PCMU);
    assertThat(beta.toJson("s", true).getString("input_audio_format")).isEqualTo("g711_alaw");
    assertThat(beta.toJson("s", true).getString("output_audio_format")).isEqualTo("g711_ulaw");
    SessionConfig back = beta.apply(new JsonObject("{\"input_audio_format\":\"pcm16\"}"));
    assertThat(back.inputFormat()).isEqualTo(AudioFormat.PCM24);
    assertThat(back.outputLaw).as("the output is untouched").isEqualTo(dev.nexus.audio.G711.Law.PCMU);
  }

  @Test
  void transcriptionSessionsAreParsedFromTheIntentTheGaTypeAndTheBetaEvent() {
    assertThat(SessionConfig.forIntent(null).transcriptionOnly()).isFalse();
    SessionConfig intent = SessionConfig.forIntent("transcription");
    assertThat(intent.transcriptionOnly()).isTrue();
    assertThatThrownBy(() -> SessionConfig.forIntent("conversation")).isInstanceOfSatisfying(ProtocolError.class,
        e -> assertThat(e.param).isEqualTo("intent"));
    // LiveKit's streaming STT
    SessionConfig livekit = intent.apply(new JsonObject("""
        {"type":"transcription","audio":{"input":{"format":{"type":"audio/pcm","rate":24000},
         "transcription":{"model":"gpt-realtime-whisper","languages":["en"]},
         "turn_detection":{"type":"server_vad","threshold":0.5,"prefix_padding_ms":600,"silence_duration_ms":350}}}}"""));
    assertThat(livekit.transcriptionOnly()).isTrue();
    assertThat(livekit.transcriptionLanguage).isEqualTo("en");
    assertThat(livekit.turnDetection.silenceDurationMs()).isEqualTo(350);
    JsonObject ga = livekit.toJson("sess_t", false);
    assertThat(ga.getString("type")).isEqualTo("transcription");
    assertThat(ga.getString("object")).isEqualTo("realtime.transcription_session");
    assertThat(ga.containsKey("instructions")).as("no response settings").isFalse();
    JsonObject input = ga.getJsonObject("audio").getJsonObject("input");
    assertThat(input.getJsonObject("transcription").getString("model")).isEqualTo("gpt-realtime-whisper");
    assertThat(input.getJsonObject("turn_detection").getInteger("prefix_padding_ms")).isEqualTo(600);
    assertThat(new SessionConfig().apply(new JsonObject("{\"type\":\"transcription\"}")).transcriptionOnly()).isTrue();
    assertThat(livekit.apply(new JsonObject("{\"type\":\"realtime\"}")).transcriptionOnly()).isFalse();
    // the beta transcription_session.update
    SessionConfig beta = new SessionConfig().applyTranscription(new JsonObject("""
        {"input_audio_format":"g711_ulaw","input_audio_transcription":{"model":"whisper-1","language":"de",
         "prompt":"Nexus"},"turn_detection":null}"""));
    assertThat(beta.transcriptionOnly()).isTrue();
    assertThat(beta.turnDetection).isNull();
    JsonObject updated = beta.toJson("sess_b", true);
    assertThat(updated.getString("input_audio_format")).isEqualTo("g711_ulaw");
    assertThat(updated.getJsonObject("input_audio_transcription")).isEqualTo(new JsonObject().put("model", "whisper-1")
        .put("language", "de").put("prompt", "Nexus"));
    assertThat(updated.getJsonArray("modalities")).isEqualTo(new JsonArray().add("text"));
    assertThat(updated.containsKey("turn_detection")).isTrue();
    assertThatThrownBy(() -> new SessionConfig().applyTranscription(new JsonObject("{\"input_audio_format\":7}")))
        .isInstanceOf(ProtocolError.class);
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

  static void refusedNaming(String update, String param) {
    assertThatThrownBy(() -> new SessionConfig().apply(new JsonObject(update))).as(update)
        .isInstanceOfSatisfying(ProtocolError.class, e -> assertThat(e.param).isEqualTo(param));
  }

  @Test
  void modalitiesToolsToolChoiceAndEagernessOfTheWrongKindAreRefusedNamingTheirField() {
    refusedNaming("{\"output_modalities\":\"audio\"}", "session.output_modalities");
    refusedNaming("{\"modalities\":[\"text\",\"video\"]}", "session.modalities");
    refusedNaming("{\"tools\":[5]}", "session.tools[0]");
    refusedNaming("{\"tools\":[{\"type\":\"web_search\",\"name\":\"x\"}]}", "session.tools[0]");
    refusedNaming("{\"tool_choice\":\"sometimes\"}", "session.tool_choice");
    refusedNaming("{\"tool_choice\":{\"type\":\"function\",\"name\":5}}", "session.tool_choice");
    refusedNaming("{\"tool_choice\":5}", "session.tool_choice");
    assertThatThrownBy(() -> new SessionConfig().apply(new JsonObject(
        "{\"turn_detection\":{\"type\":\"semantic_vad\",\"eagerness\":3}}")))
        .isInstanceOfSatisfying(ProtocolError.class, e -> assertThat(e.param).endsWith(".eagerness"))
        .hasMessageContaining("(got 3)");
  }

  @Test
  void theFirstOfTranscriptionLanguagesIsTheLanguageAndOnlyALanguageChangeReopensTheSpeechStream() {
    SessionConfig french = new SessionConfig().apply(new JsonObject(
        "{\"audio\":{\"input\":{\"transcription\":{\"languages\":[\"fr\",\"en\"]}}}}"));
    assertThat(french.transcriptionLanguage).isEqualTo("fr");
    SessionConfig any = new SessionConfig().apply(new JsonObject(
        "{\"audio\":{\"input\":{\"transcription\":{\"language\":\"de\",\"languages\":[]}}}}"));
    assertThat(any.transcriptionLanguage).as("an empty list: the engine's choice").isNull();
    assertThat(french.speechStreamDiffers(new SessionConfig())).isTrue();
    assertThat(any.speechStreamDiffers(new SessionConfig())).isFalse();
  }
}
