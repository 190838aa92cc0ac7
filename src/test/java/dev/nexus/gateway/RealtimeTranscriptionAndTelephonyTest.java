package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.RunningServerTest;
import dev.nexus.TestSupport;
import dev.nexus.audio.AudioDecoder;
import dev.nexus.audio.G711;
import dev.nexus.audio.Pcm;
import dev.nexus.client.RealtimeClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The realtime session's other shapes, over the real WebSocket: transcription-only sessions (GA, intent and beta),
 * response metadata and out-of-band responses, conversation.item.retrieve after a truncation, when an assistant item
 * is done, and G.711 audio in and out.
 */
class RealtimeTranscriptionAndTelephonyTest extends RunningServerTest {
  static byte[] jfk16;
  static byte[] jfk8;

  @BeforeAll
  static void audio() throws Exception {
    byte[] flac = Files.readAllBytes(TestSupport.jfkFlac());
    float[] s16 = AudioDecoder.decode(flac, 16000, 16000);
    jfk16 = Pcm.toBytes(s16, 0, s16.length);
    float[] s8 = AudioDecoder.decode(flac, 16000, 8000);
    jfk8 = Pcm.toBytes(s8, 0, s8.length);
  }

  private static JsonObject userText(String text) {
    return new JsonObject().put("type", "conversation.item.create").put("item", new JsonObject().put("type", "message")
        .put("role", "user").put("content", new JsonArray().add(new JsonObject().put("type", "input_text")
            .put("text", text))));
  }

  private static JsonObject vad(int silenceMs) {
    return new JsonObject().put("type", "server_vad").put("silence_duration_ms", silenceMs);
  }

  private static String joinedDeltas(RealtimeClient rt, String itemId) {
    return String.join("", rt.all("conversation.item.input_audio_transcription.delta").stream()
        .filter(d -> d.getString("item_id").equals(itemId)).map(d -> d.getString("delta")).toList());
  }

  @Test
  void aTranscriptionSessionTranscribesWithDeltasThatAddUpAndTheRealDurationAndMakesNoResponse() throws Exception {
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "intent=transcription", null)) {
      JsonObject created = rt.await("session.created", 10_000).getJsonObject("session");
      assertThat(created.getString("type")).isEqualTo("transcription");
      assertThat(created.getString("object")).isEqualTo("realtime.transcription_session");
      rt.send(new JsonObject().put("type", "session.update").put("session", new JsonObject().put("type", "transcription")
          .put("audio", new JsonObject().put("input", new JsonObject()
              .put("format", new JsonObject().put("type", "audio/pcm").put("rate", 16000))
              .put("turn_detection", vad(1500))))));
      assertThat(rt.await("session.updated", 10_000).getJsonObject("session").getString("type"))
          .isEqualTo("transcription");
      rt.appendAudio(jfk16, 3200);
      rt.appendAudio(new byte[2500 * 32], 3200);
      JsonObject completed = rt.await("conversation.item.input_audio_transcription.completed", 120_000);
      String itemId = completed.getString("item_id");
      assertThat(completed.getString("transcript").toLowerCase()).contains("country");
      assertThat(joinedDeltas(rt, itemId)).as("the deltas add up to the transcript")
          .isEqualTo(completed.getString("transcript"));
      JsonObject started = rt.all("input_audio_buffer.speech_started").stream()
          .filter(e -> e.getString("item_id").equals(itemId)).findFirst().orElseThrow();
      JsonObject stopped = rt.all("input_audio_buffer.speech_stopped").stream()
          .filter(e -> e.getString("item_id").equals(itemId)).findFirst().orElseThrow();
      double seconds = completed.getJsonObject("usage").getDouble("seconds");
      assertThat(seconds).as("the utterance's duration").isGreaterThan(1.0).isLessThanOrEqualTo(11.5)
          .isCloseTo((stopped.getLong("audio_end_ms") - started.getLong("audio_start_ms")) / 1000.0,
              org.assertj.core.data.Offset.offset(0.01));
      // a positive event first: the item can be retrieved; then no response was made
      int from = rt.size();
      rt.send(new JsonObject().put("type", "conversation.item.retrieve").put("item_id", itemId));
      JsonObject item = rt.await(from, "conversation.item.retrieved", 10_000).getJsonObject("item");
      assertThat(item.getJsonArray("content").getJsonObject(0).getString("transcript"))
          .isEqualTo(completed.getString("transcript"));
      rt.send(new JsonObject().put("type", "response.create"));
      assertThat(rt.await(from, "error", 10_000).getJsonObject("error").getString("code"))
          .isEqualTo("invalid_session_type");
      assertThat(rt.all("response.created")).as("a transcription session makes no response").isEmpty();
    }
  }

  @Test
  void theBetaTranscriptionSessionUpdateIsAnsweredWithTranscriptionSessionUpdated() throws Exception {
    MultiMap beta = MultiMap.caseInsensitiveMultiMap().add("OpenAI-Beta", "realtime=v1");
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "intent=transcription", beta)) {
      assertThat(rt.await("transcription_session.created", 10_000).getJsonObject("session").getString("object"))
          .isEqualTo("realtime.transcription_session");
      rt.send(new JsonObject().put("type", "transcription_session.update").put("session", new JsonObject()
          .put("input_audio_format", "g711_ulaw").put("input_audio_transcription", new JsonObject()
              .put("model", "gpt-4o-transcribe").put("language", "en")).put("turn_detection", vad(1200))));
      JsonObject session = rt.await("transcription_session.updated", 10_000).getJsonObject("session");
      assertThat(session.getString("input_audio_format")).isEqualTo("g711_ulaw");
      assertThat(session.getJsonObject("input_audio_transcription").getString("model")).isEqualTo("gpt-4o-transcribe");
      assertThat(session.getJsonObject("turn_detection").getInteger("silence_duration_ms")).isEqualTo(1200);
      rt.send(new JsonObject().put("type", "transcription_session.update").put("session", new JsonObject()
          .put("input_audio_format", "mp3")));
      assertThat(rt.await("error", 10_000).getJsonObject("error").getString("param"))
          .isEqualTo("session.input_audio_format");
    }
  }

  @Test
  void responseMetadataIsEchoedAndAnOutOfBandResponseAnswersItsInputWithoutTouchingTheConversation() throws Exception {
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "model=gpt-realtime", null)) {
      rt.await("session.created", 10_000);
      rt.send(new JsonObject().put("type", "session.update").put("session", new JsonObject()
          .put("output_modalities", new JsonArray().add("text")).put("instructions", "The museum opens at nine.")));
      rt.await("session.updated", 10_000);
      rt.send(userText("When does the museum open?"));
      JsonObject metadata = new JsonObject().put("client_event_id", "response_create_1");
      rt.send(new JsonObject().put("type", "response.create").put("response", new JsonObject().put("metadata", metadata)));
      assertThat(rt.await("response.created", 10_000).getJsonObject("response").getJsonObject("metadata"))
          .isEqualTo(metadata);
      JsonObject done = rt.await("response.done", 30_000).getJsonObject("response");
      assertThat(done.getJsonObject("metadata")).isEqualTo(metadata);
      assertThat(done.getString("conversation_id")).isNotNull();
      int items = rt.all("conversation.item.added").size();
      // out of band: its own input, and its output joins no conversation
      int from = rt.size();
      rt.send(new JsonObject().put("type", "response.create").put("response", new JsonObject()
          .put("conversation", "none").put("metadata", new JsonObject().put("topic", "sums"))
          .put("input", new JsonArray().add(userText("What is 2 plus 3?").getJsonObject("item")))));
      JsonObject oob = rt.await(from, "response.done", 30_000).getJsonObject("response");
      assertThat(oob.getString("status")).isEqualTo("completed");
      assertThat(oob.getValue("conversation_id")).isNull();
      assertThat(oob.getJsonObject("metadata").getString("topic")).isEqualTo("sums");
      assertThat(rt.await(from, "response.output_text.done", 1000).getString("text")).contains("5")
          .doesNotContain("nine");
      assertThat(rt.all("conversation.item.added")).as("no item added out of band").hasSize(items);
      // a bad conversation or input is refused naming the field
      from = rt.size();
      rt.send(new JsonObject().put("type", "response.create").put("response", new JsonObject().put("conversation", "x")));
      assertThat(rt.await(from, "error", 5000).getJsonObject("error").getString("param")).isEqualTo("response.conversation");
      from = rt.size();
      rt.send(new JsonObject().put("type", "response.create").put("response", new JsonObject()
          .put("input", new JsonArray().add(new JsonObject().put("type", "item_reference").put("id", "item_gone")))));
      assertThat(rt.await(from, "error", 5000).getJsonObject("error").getString("param")).isEqualTo("response.input[0].id");
    }
  }

  @Test
  void anAssistantItemIsDoneAfterItsAudioAndRetrieveShowsItsTranscriptAsTruncated() throws Exception {
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "model=gpt-realtime", null)) {
      rt.await("session.created", 10_000);
      rt.send(new JsonObject().put("type", "session.update").put("session", new JsonObject()
          .put("instructions", RealtimeServerTest.KENNEDY)));
      rt.await("session.updated", 10_000);
      rt.send(userText("Who gave this speech, and what did he ask?"));
      rt.send(new JsonObject().put("type", "response.create"));
      JsonObject done = rt.await("response.done", 60_000).getJsonObject("response");
      assertThat(done.getString("status")).isEqualTo("completed");
      String itemId = done.getJsonArray("output").getJsonObject(0).getString("id");
      List<String> types = rt.types();
      int lastAudio = types.lastIndexOf("response.output_audio.delta");
      int itemDone = -1;
      for (int i = 0; i < rt.size(); i++) {
        JsonObject e = rt.get(i);
        if (e.getString("type").equals("conversation.item.done") && e.getJsonObject("item").getString("id").equals(itemId)) {
          itemDone = i;
        }
      }
      assertThat(lastAudio).isPositive();
      assertThat(itemDone).as("conversation.item.done of the assistant item, after its last audio").isGreaterThan(lastAudio);
      String full = rt.get(itemDone).getJsonObject("item").getJsonArray("content").getJsonObject(0).getString("transcript");
      assertThat(full.split(" ")).hasSizeGreaterThan(3);
      int from = rt.size();
      rt.send(new JsonObject().put("type", "conversation.item.truncate").put("item_id", itemId).put("content_index", 0)
          .put("audio_end_ms", 400));
      rt.await(from, "conversation.item.truncated", 5000);
      rt.send(new JsonObject().put("type", "conversation.item.retrieve").put("item_id", itemId));
      String heard = rt.await(from, "conversation.item.retrieved", 5000).getJsonObject("item").getJsonArray("content")
          .getJsonObject(0).getString("transcript");
      assertThat(heard).as("the words begun in the first 400 ms").isNotBlank().hasSizeLessThan(full.length());
      assertThat(full).startsWith(heard);
      from = rt.size();
      rt.send(new JsonObject().put("type", "conversation.item.retrieve").put("item_id", "item_gone"));
      assertThat(rt.await(from, "error", 5000).getJsonObject("error").getString("code")).isEqualTo("item_not_found");
    }
  }

  @Test
  void muLawAudioIsTranscribedAndTheAnswerComesBackAsMuLawAt8kHz() throws Exception {
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "model=gpt-realtime", null)) {
      rt.await("session.created", 10_000);
      JsonObject pcmu = new JsonObject().put("type", "audio/pcmu");
      rt.send(new JsonObject().put("type", "session.update").put("session", new JsonObject()
          .put("instructions", RealtimeServerTest.KENNEDY).put("audio", new JsonObject()
              .put("input", new JsonObject().put("format", pcmu).put("turn_detection", vad(1500)))
              .put("output", new JsonObject().put("format", pcmu)))));
      JsonObject audio = rt.await("session.updated", 10_000).getJsonObject("session").getJsonObject("audio");
      assertThat(audio.getJsonObject("output").getJsonObject("format")).isEqualTo(pcmu);
      byte[] call = G711.encode(G711.Law.PCMU, jfk8);
      rt.appendAudio(call, 1600); // 200 ms a message, one byte a sample
      rt.appendAudio(G711.encode(G711.Law.PCMU, new byte[2500 * 16]), 1600);
      JsonObject completed = rt.await("conversation.item.input_audio_transcription.completed", 120_000);
      // telephone-band speech is hard for the 16 kHz acoustic model: words, not the exact sentence
      assertThat(completed.getString("transcript").split("\\s+")).hasSizeGreaterThan(4);
      assertThat(completed.getJsonObject("usage").getDouble("seconds")).as("one byte a sample at 8 kHz: jfk's 11 s")
          .isBetween(2.0, 11.5);
      JsonObject done = rt.await("response.done", 120_000).getJsonObject("response");
      assertThat(done.getString("status")).isEqualTo("completed");
      assertThat(done.getJsonObject("audio").getJsonObject("output").getJsonObject("format")).isEqualTo(pcmu);
      byte[] answer = rt.all("response.output_audio.delta").stream().map(d -> Base64.getDecoder().decode(d.getString("delta")))
          .reduce(new byte[0], (a, b) -> {
            byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
          });
      assertThat(answer.length).as("a second of 8 kHz μ-law at least").isGreaterThan(8000);
      byte[] pcm = G711.decode(G711.Law.PCMU, answer);
      assertThat(Pcm.rms(pcm)).as("speech, not silence").isGreaterThan(0.01);
    }
  }
}
