package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import dev.nexus.audio.AudioDecoder;
import dev.nexus.audio.Pcm;
import dev.nexus.audio.Wav;
import dev.nexus.client.NodeClient;
import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The realtime compatibility suite: third-party clients from npm, unchanged but for the server's address, against a
 * Nexus behind TLS (self-signed, trusted through NODE_EXTRA_CA_CERTS) and API keys. The scripts live in
 * src/test/node/compat.
 */
class ClientCompatibilityTest {
  static final String KEY = "compat-key-12345";
  static final String INSTRUCTIONS = "John F. Kennedy gave this speech at his inauguration in January 1961. "
      + "He asked Americans to serve their country.";
  static NexusServer server;
  static Vertx client;
  static WebClient https;
  static Map<String, String> trust;
  static String base;
  static Path pcm16;
  static Path pcm24;
  static Path wav16;

  @BeforeAll
  static void start() throws Exception {
    Path config = Files.createTempDirectory("nexus-compat-config");
    Files.writeString(config.resolve("gateway.yaml"), "http:\n  tls:\n    self-signed: true\n");
    server = new NexusServer(TestSupport.environment(Map.of("NEXUS_API_KEYS", KEY)), config, null).start()
        .await(60, TimeUnit.SECONDS);
    trust = Map.of("NODE_EXTRA_CA_CERTS", (String) server.vertx().sharedData().getLocalMap("nexus.gateway").get("tls-cert"));
    base = "https://localhost:" + server.port() + "/v1";
    client = Vertx.vertx();
    https = WebClient.create(client, new WebClientOptions().setSsl(true).setTrustAll(true).setVerifyHost(false)
        .setDefaultHost("localhost").setDefaultPort(server.port()));
    float[] jfk = AudioDecoder.decode(Files.readAllBytes(TestSupport.jfkFlac()), 16000, 16000);
    byte[] pcm = Pcm.toBytes(jfk, 0, jfk.length);
    pcm16 = NodeClient.tempFile(".pcm");
    Files.write(pcm16, pcm);
    float[] jfk24 = AudioDecoder.decode(Files.readAllBytes(TestSupport.jfkFlac()), 16000, 24000);
    pcm24 = NodeClient.tempFile(".pcm");
    Files.write(pcm24, Pcm.toBytes(jfk24, 0, jfk24.length));
    wav16 = NodeClient.tempFile(".wav");
    Files.write(wav16, Wav.of(pcm, 16000));
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop().await(30, TimeUnit.SECONDS);
    client.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aBrowserStyleSocketGetsTheRealtimeSubprotocolAndIsAuthorisedByIt() throws Exception {
    JsonObject r = NodeClient.run(trust, "compat/browser-socket.mjs", base, KEY, INSTRUCTIONS, "Who gave this speech?");
    assertThat(r.getJsonObject("raw")).isEqualTo(new JsonObject().put("protocol", "realtime").put("first", "session.created"));
    assertThat(r.getJsonObject("wrongKey").getInteger("status")).isEqualTo(401);
    assertThat(r.getJsonObject("noKey").getInteger("status")).isEqualTo(401);
    assertThat(r.getString("sdkProtocol")).as("openai's browser socket").isEqualTo("realtime");
    assertThat(r.getString("status")).isEqualTo("completed");
    assertThat(r.getString("answer")).contains("Kennedy");
    assertThat(r.getJsonArray("errors")).isEmpty();
  }

  @Test
  void theAgentsSdkDefaultSessionAnswersATypedQuestionFromItsInstructionsWithNoError() throws Exception {
    JsonObject r = NodeClient.run(trust, "compat/agents-text.mjs", base, KEY, INSTRUCTIONS, "Who gave this speech?");
    assertThat(r.getJsonObject("turnDetection").getString("type")).as("its default semantic_vad, accepted")
        .isEqualTo("semantic_vad");
    assertThat(r.getString("status")).isEqualTo("completed");
    assertThat(r.getInteger("audioDeltas")).as("its default audio output").isPositive();
    assertThat(r.getString("answer")).contains("Kennedy");
    assertThat(r.getJsonArray("errors")).isEmpty();
  }

  @Test
  void liveKitsOpenAiPluginRunsItsLlmTtsAndSttStandaloneWithTheirDefaults() throws Exception {
    JsonObject r = NodeClient.run(trust, "compat/livekit-standalone.mjs", base, KEY, INSTRUCTIONS,
        "Who gave this speech?", pcm16.toString());
    assertThat(r.getString("llmModel")).as("an alias of the default model").isEqualTo("gpt-4.1");
    assertThat(r.getString("answer")).contains("Kennedy");
    assertThat(r.getInteger("answerChunks")).isGreaterThan(1);
    assertThat(r.getInteger("ttsRate")).isEqualTo(24000);
    assertThat(r.getDouble("ttsSeconds")).isGreaterThan(1.0);
    assertThat(r.getString("sttModel")).isEqualTo("whisper-1");
    assertThat(r.getString("transcript")).contains("country");
  }

  @Test
  void streamedTranscriptDeltasAddUpToTheTextAndEveryAnswerReportsTheRealDuration() throws Exception {
    JsonObject r = NodeClient.run(trust, "compat/audio-streams.mjs", base, KEY, wav16.toString());
    JsonObject plain = r.getJsonObject("plain");
    assertThat(plain.getString("text")).contains("country");
    assertThat(plain.getJsonObject("usage").getString("type")).isEqualTo("duration");
    assertThat(plain.getJsonObject("usage").getDouble("seconds")).as("jfk.flac is 11 s").isBetween(10.5, 11.5);
    JsonObject stream = r.getJsonObject("stream");
    assertThat(stream.getInteger("deltas")).isGreaterThan(5);
    assertThat(stream.getString("last")).isEqualTo("transcript.text.done");
    assertThat(stream.getString("joined")).isEqualTo(stream.getString("text")).contains("country");
    assertThat(stream.getJsonObject("usage").getDouble("seconds")).isBetween(10.5, 11.5);
    JsonObject speech = r.getJsonObject("speech");
    assertThat(speech.getString("last")).isEqualTo("speech.audio.done");
    assertThat(speech.getInteger("deltas")).isPositive();
    JsonObject usage = speech.getJsonObject("usage");
    assertThat(usage.getInteger("input_tokens")).as("9 words and a full stop").isEqualTo(10);
    assertThat(usage.getInteger("total_tokens")).isEqualTo(10);
    assertThat(usage.getDouble("output_audio_seconds")).isCloseTo(speech.getDouble("seconds"),
        org.assertj.core.data.Offset.offset(0.001)).isGreaterThan(1.0);
  }

  @Test
  void modelAliasesAreListedAndAnsweredByTheDefaultModel() throws Exception {
    JsonArray models = https.get("/v1/models").bearerTokenAuthentication(KEY).send().await(10, TimeUnit.SECONDS)
        .bodyAsJsonObject().getJsonArray("data");
    assertThat(models.getJsonObject(0).getString("id")).isEqualTo("nexus-grounded");
    assertThat(models.stream().map(m -> (JsonObject) m).filter(m -> m.getString("id").equals("gpt-4o-mini")))
        .singleElement().satisfies(m -> assertThat(m.getString("nexus_alias_of")).isEqualTo("nexus-grounded"));
    for (String model : List.of("gpt-4o-mini", "gpt-realtime", "gpt-4o-realtime-preview")) {
      var reply = https.post("/v1/chat/completions").bearerTokenAuthentication(KEY).sendJsonObject(new JsonObject()
          .put("model", model).put("messages", new JsonArray().add(new JsonObject().put("role", "user")
              .put("content", "What is 2 plus 3?")))).await(30, TimeUnit.SECONDS);
      assertThat(reply.statusCode()).as(model).isEqualTo(200);
      assertThat(reply.bodyAsJsonObject().getString("model")).isEqualTo("nexus-grounded");
    }
    var unknown = https.post("/v1/chat/completions").bearerTokenAuthentication(KEY).sendJsonObject(new JsonObject()
        .put("model", "gpt-9000").put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", "hi")))).await(30, TimeUnit.SECONDS);
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsString()).contains("gpt-4o-mini");
  }

  @Test
  void anUnknownIntentIsRefusedBeforeTheUpgradeAndTranscriptionIsAccepted() throws Exception {
    WebSocketClient ws = client.createWebSocketClient(new WebSocketClientOptions().setSsl(true).setTrustAll(true)
        .setVerifyHost(false));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(server.port())
        .setSsl(true).addHeader("authorization", "Bearer " + KEY);
    assertThatThrownBy(() -> ws.connect(new WebSocketConnectOptions(options).setURI("/v1/realtime?intent=chat"))
        .await(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(UpgradeRejectedException.class,
            e -> assertThat(e.getStatus()).isEqualTo(400));
    var socket = ws.connect(new WebSocketConnectOptions(options).setURI("/v1/realtime?intent=transcription"))
        .await(10, TimeUnit.SECONDS);
    assertThat(socket.isClosed()).isFalse();
    socket.close().await(5, TimeUnit.SECONDS);
    ws.close().await(5, TimeUnit.SECONDS);
  }

  @Test
  void aBadStreamFlagOrAStreamedVerboseJsonIsRefusedNamingTheField() throws Exception {
    for (String[] bad : new String[][] {{"stream", "yes", "stream"}, {"response_format", "verbose_json", "response_format"}}) {
      var form = io.vertx.ext.web.multipart.MultipartForm.create().attribute("model", "whisper-1")
          .attribute("stream", bad[0].equals("stream") ? bad[1] : "true").binaryFileUpload("file", "jfk.wav",
              wav16.toString(), "audio/wav");
      if (!bad[0].equals("stream")) {
        form.attribute(bad[0], bad[1]);
      }
      var reply = https.post("/v1/audio/transcriptions").bearerTokenAuthentication(KEY).sendMultipartForm(form)
          .await(30, TimeUnit.SECONDS);
      assertThat(reply.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(reply.bodyAsJsonObject().getJsonObject("error").getString("param")).isEqualTo(bad[2]);
    }
  }

  @Test
  void liveKitsStreamingSttGetsTranscriptsFromATranscriptionSessionThatMakesNoResponse() throws Exception {
    JsonObject r = NodeClient.run(trust, "compat/livekit-stt-stream.mjs", base, KEY, pcm24.toString());
    assertThat(r.getBoolean("timedOut", false)).as("timed out; saw " + r.getJsonObject("seen")).isFalse();
    assertThat(r.getJsonArray("finals").getString(0)).as("the first utterance's transcript").isNotBlank();
    JsonObject seen = r.getJsonObject("seen");
    assertThat(seen.getInteger("session.created")).isEqualTo(1);
    assertThat(seen.getInteger("conversation.item.input_audio_transcription.completed")).isPositive();
    assertThat(seen.getInteger("response.created")).as("responses made").isNull();
    assertThat(seen.getInteger("error")).as("error events (fatal to the plugin)").isNull();
  }

  @Test
  void liveKitsRealtimeModelGenerateReplyResolvesOnTheEchoedMetadata() throws Exception {
    JsonObject r = NodeClient.run(trust, "compat/livekit-generate-reply.mjs", base, KEY, INSTRUCTIONS);
    assertThat(r.getBoolean("resolved")).isTrue();
    assertThat(r.getString("answer")).contains("Kennedy");
  }

  @Test
  void theAgentsSdkDefaultSessionAnswersASpokenQuestionWithNoErrorAndKeepsTheTranscriptInItsHistory() throws Exception {
    JsonObject r = NodeClient.run(trust, "compat/agents-audio.mjs", base, KEY, INSTRUCTIONS, pcm24.toString());
    assertThat(r.getString("transcript")).as("the first utterance's transcript").isNotBlank();
    assertThat(r.getJsonArray("responses").getList()).contains("completed");
    assertThat(r.getString("answer")).isNotBlank();
    assertThat(r.getInteger("retrieved")).as("conversation.item.retrieve answered").isPositive();
    assertThat(r.getString("historyTranscript")).isEqualTo(r.getString("transcript"));
    assertThat(r.getJsonArray("errors")).isEmpty();
  }

  @Test
  void transcriptDeltasAreWordsThatJoinToTheExactText() {
    assertThat(TranscriptionRoutes.deltas("ask not  what")).containsExactly("ask", " not", "  what");
    assertThat(TranscriptionRoutes.deltas(" Hello, world. ")).containsExactly(" Hello,", " world. ");
    assertThat(TranscriptionRoutes.deltas("")).isEmpty();
    assertThat(TranscriptionRoutes.deltas("  ")).containsExactly("  ");
  }
}
