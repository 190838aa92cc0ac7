package dev.nexus.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.RunningServerTest;
import dev.nexus.TestSupport;
import dev.nexus.audio.AudioDecoder;
import dev.nexus.audio.Pcm;
import dev.nexus.audio.Wav;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StageFailure;
import dev.nexus.bus.SpeechEvent;
import dev.nexus.bus.SpeechStreamStart;
import dev.nexus.bus.StreamEnd;
import dev.nexus.client.NodeClient;
import dev.nexus.node.NexusServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Speech decoding through the running server: HTTP uploads, bus streaming, and the openai client. */
class SpeechServerTest extends RunningServerTest {
  static final Path TESTDATA = Path.of("/usr/share/pocketsphinx/test/data");
  static Path goforwardWav;

  @BeforeAll
  static void prepare() throws Exception {
    goforwardWav = Files.createTempFile("goforward", ".wav");
    Files.write(goforwardWav, Wav.of(Files.readAllBytes(TESTDATA.resolve("goforward.raw")), 16000));
  }

  static HttpResponse<Buffer> upload(Path file, String mediaType, String... attributes) throws Exception {
    MultipartForm form = MultipartForm.create();
    for (int i = 0; i + 1 < attributes.length; i += 2) {
      form.attribute(attributes[i], attributes[i + 1]);
    }
    if (file != null) {
      form.binaryFileUpload("file", file.getFileName().toString(), file.toString(), mediaType);
    }
    return http.post("/v1/audio/transcriptions").sendMultipartForm(form).await(120, TimeUnit.SECONDS);
  }

  @Test
  void transcribesWavFlacAndRawUploadsInEveryFormat() throws Exception {
    HttpResponse<Buffer> json = upload(goforwardWav, "audio/wav", "model", "whisper-1");
    assertThat(json.statusCode()).as(json.bodyAsString()).isEqualTo(200);
    assertThat(json.bodyAsJsonObject().getString("text")).isEqualTo("go forward ten meters");

    HttpResponse<Buffer> text = upload(goforwardWav, "audio/wav", "model", "pocketsphinx", "response_format", "text");
    assertThat(text.bodyAsString()).isEqualTo("go forward ten meters\n");

    HttpResponse<Buffer> verbose = upload(TESTDATA.resolve("goforward.raw"), "application/octet-stream", "model", "x",
        "response_format", "verbose_json", "language", "en", "sample_rate", "16000");
    JsonObject v = verbose.bodyAsJsonObject();
    assertThat(v.getString("language")).isEqualTo("english");
    assertThat(v.getDouble("duration")).isBetween(2.0, 3.0);
    JsonArray words = v.getJsonArray("words");
    assertThat(words.size()).isEqualTo(4);
    assertThat(words.getJsonObject(0).getString("word")).isEqualTo("go");
    assertThat(v.getJsonArray("segments").getJsonObject(0).getString("text")).isEqualTo("go forward ten meters");

    HttpResponse<Buffer> flac = upload(TestSupport.jfkFlac(), "audio/flac", "model", "whisper-1", "response_format", "verbose_json");
    assertThat(flac.statusCode()).isEqualTo(200);
    assertThat(flac.bodyAsJsonObject().getDouble("duration")).isBetween(10.5, 11.5); // 44.1 kHz stereo 24-bit
    assertThat(flac.bodyAsJsonObject().getJsonArray("words").size()).isGreaterThan(10);
  }

  @Test
  void badUploadsAre400AndTheServerStaysHealthy() throws Exception {
    Path garbage = Files.createTempFile("garbage", ".mp3");
    Files.writeString(garbage, "this is not audio at all, just some text");
    Path empty = Files.createTempFile("empty", ".wav");
    Path tiny = Files.createTempFile("tiny", ".wav");
    Files.write(tiny, Wav.of(new byte[200], 16000));
    Path oddRaw = Files.createTempFile("odd", ".raw");
    Files.write(oddRaw, new byte[1001]);
    Path huge = Files.createTempFile("huge", ".wav");
    Files.write(huge, new byte[26 * 1024 * 1024]);
    List<HttpResponse<Buffer>> responses = List.of(
        upload(null, null, "model", "whisper-1"),
        upload(goforwardWav, "audio/wav"),
        upload(goforwardWav, "audio/wav", "model", "whisper-1", "response_format", "srt"),
        upload(garbage, "audio/mpeg", "model", "whisper-1"),
        upload(empty, "audio/wav", "model", "whisper-1"),
        upload(tiny, "audio/wav", "model", "whisper-1"),
        upload(oddRaw, "audio/pcm", "model", "whisper-1"),
        upload(TESTDATA.resolve("goforward.raw"), "audio/pcm", "model", "whisper-1", "sample_rate", "4000"),
        upload(TESTDATA.resolve("goforward.raw"), "audio/pcm", "model", "whisper-1", "sample_rate", "fast"),
        upload(goforwardWav, "audio/wav", "model", "whisper-1", "language", "fr"),
        upload(huge, "audio/wav", "model", "whisper-1"));
    for (HttpResponse<Buffer> r : responses) {
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
      assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message")).isNotBlank();
    }
    assertThat(http.get("/health").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void streamingWithServerVadGivesEventsPartialsThatOnlyGrowAndAFinal() throws Exception {
    Vertx vertx = server.vertx();
    float[] jfk = AudioDecoder.decode(Files.readAllBytes(TestSupport.jfkFlac()), 16000, 24000);
    RequestContext context = RequestContext.newRequest("stream-test");
    List<SpeechEvent> events = new ArrayList<>();
    Promise<Void> finalSeen = Promise.promise();
    Promise<StreamEnd> ended = Promise.promise();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(context.streamAddress(), m -> {
      if (m.body() instanceof SpeechEvent e) {
        events.add(e);
        if (e.type().equals("final")) {
          finalSeen.tryComplete();
        }
      } else if (m.body() instanceof StreamEnd end) {
        ended.tryComplete(end);
      }
    });
    consumer.completion().await(5, TimeUnit.SECONDS);
    vertx.eventBus().request(Addresses.SPEECH_STREAM, new SpeechStreamStart(context, 24000, "en", true, 0.5, 300, 800))
        .await(10, TimeUnit.SECONDS);
    String audio = Addresses.speechAudio(context.requestId());
    float[] withSilence = Arrays.copyOf(jfk, jfk.length + 24000 * 2);
    int seq = 0;
    for (int at = 0; at < withSilence.length; at += 480) { // 20 ms chunks at 24 kHz
      float[] piece = Arrays.copyOfRange(withSilence, at, Math.min(withSilence.length, at + 480));
      vertx.eventBus().send(audio, new AudioChunk(context.requestId(), seq++, 24000, at / 24, Pcm.toBytes(piece, 0, piece.length), null));
    }
    finalSeen.future().await(120, TimeUnit.SECONDS);
    CancelToken.cancel(vertx, context, "session over").await(10, TimeUnit.SECONDS);
    assertThat(ended.future().await(60, TimeUnit.SECONDS).status()).isEqualTo(StreamEnd.Status.CANCELLED);
    consumer.unregister();

    assertThat(events.get(0).type()).isEqualTo("speech_started");
    assertThat(events.get(0).audioMs()).isLessThan(1000);
    String lastPartial = "";
    int partials = 0;
    for (SpeechEvent e : events) {
      if (e.type().equals("partial") && e.utterance() == 0) {
        assertThat(e.text()).startsWith(lastPartial);
        lastPartial = e.text();
        partials++;
      }
    }
    assertThat(partials).isPositive();
    List<String> types = events.stream().map(SpeechEvent::type).filter(t -> !t.equals("partial")).toList();
    assertThat(types.subList(0, 3)).containsExactly("speech_started", "speech_stopped", "final");
    // the final pass may revise words a partial showed; partials themselves never flicker back (above)
    SpeechEvent fin = events.stream().filter(e -> e.type().equals("final")).findFirst().orElseThrow();
    assertThat(fin.text()).isNotBlank();
    assertThat(fin.utterance()).isZero();
  }

  @Test
  void withoutVadACommitEndsTheUtterance() throws Exception {
    Vertx vertx = server.vertx();
    byte[] pcm = Files.readAllBytes(TESTDATA.resolve("goforward.raw"));
    RequestContext context = RequestContext.newRequest("commit-test");
    Promise<SpeechEvent> fin = Promise.promise();
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(context.streamAddress(), m -> {
      if (m.body() instanceof SpeechEvent e && e.type().equals("final")) {
        fin.tryComplete(e);
      }
    });
    consumer.completion().await(5, TimeUnit.SECONDS);
    vertx.eventBus().request(Addresses.SPEECH_STREAM, new SpeechStreamStart(context, 16000, null, false, 0.5, 300, 500))
        .await(10, TimeUnit.SECONDS);
    String audio = Addresses.speechAudio(context.requestId());
    for (int at = 0; at < pcm.length; at += 6400) {
      vertx.eventBus().send(audio, new AudioChunk(context.requestId(), 0, 16000, 0, Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + 6400)), null));
    }
    vertx.eventBus().send(audio, new AudioChunk(context.requestId(), 0, 16000, 0, new byte[0], null));
    assertThat(fin.future().await(60, TimeUnit.SECONDS).text()).isEqualTo("go forward ten meters");
    CancelToken.cancel(vertx, context, "done").await(10, TimeUnit.SECONDS);
    consumer.unregister();

    for (SpeechStreamStart bad : List.of(
        new SpeechStreamStart(RequestContext.newRequest("x"), 4000, null, false, 0.5, 300, 500),
        new SpeechStreamStart(RequestContext.newRequest("x"), 16000, "de", false, 0.5, 300, 500))) {
      Throwable err = vertx.eventBus().request(Addresses.SPEECH_STREAM, bad).toCompletionStage().toCompletableFuture()
          .handle((r, e) -> e).get(10, TimeUnit.SECONDS);
      assertThat(err).isInstanceOf(ReplyException.class);
      assertThat(StageFailure.of(err)).isEqualTo(StageFailure.INVALID_REQUEST);
    }
  }

  @Test
  void theOfficialOpenAiClientRoundTrips() throws Exception {
    JsonObject r = NodeClient.run("transcribe.mjs", "http://127.0.0.1:" + server.port() + "/v1", goforwardWav.toString());
    assertThat(r.getString("text")).isEqualTo("go forward ten meters");
    assertThat(r.getInteger("segments")).isEqualTo(1);
    assertThat(r.getDouble("duration")).isBetween(2.0, 3.0);
    assertThat(r.getJsonObject("bad").getInteger("status")).isEqualTo(400);
  }
}
