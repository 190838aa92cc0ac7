package dev.nexus.synthesis;

import static org.assertj.core.api.Assertions.assertThat;

import be.tarsos.dsp.pitch.PitchDetectionResult;
import be.tarsos.dsp.pitch.Yin;
import dev.nexus.RunningServerTest;
import dev.nexus.TestSupport;
import dev.nexus.audio.Pcm;
import dev.nexus.audio.Wav;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.SynthesisRequest;
import dev.nexus.client.NodeClient;
import dev.nexus.node.NexusServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Speech synthesis through the running server: HTTP, the event bus, and the openai npm client. */
class SynthesisServerTest extends RunningServerTest {

  static HttpResponse<Buffer> speech(JsonObject body) throws Exception {
    return http.post("/v1/audio/speech").sendJsonObject(body).await(30, TimeUnit.SECONDS);
  }

  /** Median fundamental frequency of the voiced frames, by TarsosDSP's YIN. */
  static double medianPitchHz(float[] samples, int rate) {
    Yin yin = new Yin(rate, 1024);
    List<Float> pitches = new ArrayList<>();
    for (int at = 0; at + 1024 <= samples.length; at += 512) {
      PitchDetectionResult r = yin.getPitch(Arrays.copyOfRange(samples, at, at + 1024));
      if (r.isPitched() && r.getPitch() > 50 && r.getPitch() < 500) {
        pitches.add(r.getPitch());
      }
    }
    assertThat(pitches.size()).as("voiced frames").isGreaterThan(10);
    pitches.sort(Float::compare);
    return pitches.get(pitches.size() / 2);
  }

  @Test
  void wavSpeechIsRealAudibleAudioAtTheRequestedRate() throws Exception {
    HttpResponse<Buffer> response = speech(new JsonObject().put("model", "tts-1")
        .put("input", "The quick brown fox jumps over the lazy dog.").put("voice", "alloy"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("audio/wav");
    Wav.Audio audio = Wav.parse(response.body().getBytes());
    assertThat(audio.sampleRate()).isEqualTo(24000);
    assertThat(audio.channels()).isEqualTo(1);
    assertThat(audio.durationSeconds()).isBetween(1.5, 5.0);
    float[] s = audio.samples();
    double energy = 0;
    for (float v : s) {
      energy += v * v;
    }
    assertThat(Math.sqrt(energy / s.length)).isGreaterThan(0.02);
  }

  @Test
  void pcmAt16kHzIsRawSamples() throws Exception {
    HttpResponse<Buffer> response = speech(new JsonObject().put("input", "Sixteen kilohertz, please.")
        .put("voice", "en-gb").put("response_format", "pcm").put("sample_rate", 16000));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("audio/pcm");
    assertThat(response.getHeader("x-sample-rate")).isEqualTo("16000");
    byte[] pcm = response.body().getBytes();
    assertThat(pcm.length / 2 / 16000.0).isBetween(1.0, 4.0);
    assertThat(Pcm.rms(pcm)).isGreaterThan(0.02);
  }

  @Test
  void volumeScalesTheLevelThroughTheGainProcessor() throws Exception {
    JsonObject body = new JsonObject().put("input", "Level check, one two three.").put("voice", "alloy")
        .put("response_format", "pcm");
    double normal = Pcm.rms(speech(body).body().getBytes());
    double half = Pcm.rms(speech(body.copy().put("volume", 0.5)).body().getBytes());
    assertThat(half / normal).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.02));
    assertThat(speech(body.copy().put("volume", 9)).statusCode()).isEqualTo(400);
  }

  @Test
  void twoPodcastVoicesAreClearlyDifferent() throws Exception {
    String text = "Welcome back to the show. Today we talk about how voices differ.";
    double alloy = medianPitchHz(Wav.parse(speech(new JsonObject().put("input", text).put("voice", "alloy"))
        .body().getBytes()).samples(), 24000);
    double nova = medianPitchHz(Wav.parse(speech(new JsonObject().put("input", text).put("voice", "nova"))
        .body().getBytes()).samples(), 24000);
    assertThat(nova).as("nova (female) vs alloy (male) pitch, Hz").isGreaterThan(alloy * 1.3);
    double lowered = medianPitchHz(Wav.parse(speech(new JsonObject().put("input", text).put("voice", "nova")
        .put("pitch", 0.5)).body().getBytes()).samples(), 24000);
    assertThat(lowered).as("nova with pitch 0.5").isLessThan(nova);
  }

  @Test
  void sseDeltasCarryMonotonicWordTimingsThatCoverTheText() throws Exception {
    String text = "Timing every word lets the podcast know exactly what was heard.";
    HttpResponse<Buffer> response = speech(new JsonObject().put("input", text).put("voice", "nova")
        .put("stream_format", "sse"));
    assertThat(response.getHeader("content-type")).isEqualTo("text/event-stream");
    List<JsonObject> events = new ArrayList<>();
    for (String line : response.bodyAsString().split("\n")) {
      if (line.startsWith("data: ")) {
        events.add(new JsonObject(line.substring(6)));
      }
    }
    assertThat(events.get(events.size() - 1).getString("type")).isEqualTo("speech.audio.done");
    List<String> words = new ArrayList<>();
    long lastStart = -1;
    long audioMs = 0;
    for (JsonObject e : events.subList(0, events.size() - 1)) {
      assertThat(e.getString("type")).isEqualTo("speech.audio.delta");
      byte[] pcm = Base64.getDecoder().decode(e.getString("audio"));
      assertThat(pcm.length / 2 * 1000.0 / 24000).isLessThanOrEqualTo(40.0);
      assertThat(e.getLong("start_ms")).isEqualTo(audioMs * 1000 / 24000);
      audioMs += pcm.length / 2;
      for (Object o : e.getJsonArray("words")) {
        JsonObject w = (JsonObject) o;
        assertThat(w.getLong("start_ms")).isGreaterThan(lastStart).isGreaterThanOrEqualTo(e.getLong("start_ms"));
        lastStart = w.getLong("start_ms");
        words.add(w.getString("word"));
      }
    }
    assertThat(String.join(" ", words)).isEqualTo(
        "Timing every word lets the podcast know exactly what was heard");
    assertThat(lastStart).isLessThan(audioMs * 1000 / 24000);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"input\":\"\",\"voice\":\"alloy\"}",
      "{\"voice\":\"alloy\"}",
      "{\"input\":\"hi\",\"voice\":\"klingon\"}",
      "{\"input\":\"hi\",\"voice\":7}",
      "{\"input\":\"hi\",\"speed\":0.1}",
      "{\"input\":\"hi\",\"speed\":\"fast\"}",
      "{\"input\":\"hi\",\"response_format\":\"mp3\"}",
      "{\"input\":\"hi\",\"response_format\":\"ogg\"}",
      "{\"input\":\"hi\",\"sample_rate\":8000}",
      "{\"input\":\"hi\",\"stream_format\":\"smoke\"}",
      "{\"input\":\"hi\",\"pitch\":99}",
      "{\"input\":\"hi\",\"speed\":9}",
      "{\"input\":\"hi\",\"pitch\":0.1}",
      "{\"input\":\"hi\",\"volume\":-1}",
      "not json at all",
      "[1,2,3]",
      ""
  })
  void badRequestsAre400WithAnOpenAiError(String body) throws Exception {
    HttpResponse<Buffer> response = http.post("/v1/audio/speech").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getString("message")).isNotBlank();
    assertThat(http.get("/health").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }

  @Test
  void overLongInputIs400() throws Exception {
    HttpResponse<Buffer> response = speech(new JsonObject().put("input", "a".repeat(4097)));
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
        .contains("4097 characters; the limit is 4096");
  }

  @Test
  void voicesAreListed() throws Exception {
    JsonObject body = http.get("/v1/voices").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(body.getString("object")).isEqualTo("list");
    JsonArray data = body.getJsonArray("data");
    assertThat(data.size()).isGreaterThan(20);
    assertThat(data.getJsonObject(0).fieldNames()).contains("id", "name", "language", "gender", "engine");
    assertThat(data.stream().map(o -> ((JsonObject) o).getString("id")))
        .contains("alloy", "nova", "en-us", "en-gb");
  }

  @Test
  void voicesAreLabelledAndTheOpenAiNamesSpeakWithFlite() throws Exception {
    JsonObject body = http.get("/v1/voices").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(body.getString("default")).isEqualTo("alloy");
    java.util.Map<String, JsonObject> byId = new java.util.HashMap<>();
    body.getJsonArray("data").forEach(o -> assertThat(byId.put(((JsonObject) o).getString("id"), (JsonObject) o))
        .as("listed once").isNull());
    for (String name : List.of("alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer",
        "verse", "marin", "cedar", "cmu_us_slt", "cmu_us_awb")) {
      assertThat(byId.get(name)).as(name).isNotNull();
      assertThat(byId.get(name).getString("engine")).as(name).isEqualTo("flite");
      assertThat(byId.get(name).getString("label")).as(name).contains("flite").contains("en-");
    }
    assertThat(byId.get("marin").getString("gender")).isEqualTo("female");
    assertThat(byId.get("cedar").getString("gender")).isEqualTo("male");
    assertThat(byId.get("en-us").getString("engine")).isEqualTo("espeak");
    assertThat(byId.get("fr-fr").getString("engine")).isEqualTo("espeak");
    assertThat(byId.get("fr-fr").getString("label")).contains("fr-fr").contains("espeak");
    JsonObject health = http.get("/health").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject()
        .getJsonObject("verticles").getJsonObject("synthesis");
    assertThat(health.getString("engine")).isEqualTo("flite");
    assertThat(health.getJsonArray("engines")).containsExactly("flite", "espeak");
    for (String voice : List.of("marin", "cedar", "fr-fr", "en-us+f3")) {
      HttpResponse<Buffer> response = speech(new JsonObject().put("input", "Bonjour, and hello.").put("voice", voice));
      assertThat(response.statusCode()).as(voice).isEqualTo(200);
      assertThat(Wav.parse(response.body().getBytes()).durationSeconds()).as(voice).isGreaterThan(0.8);
    }
  }

  @Test
  void oneVoiceIsAskedForOnTheBusAndAnUnknownOneIsNotFound() throws Exception {
    Vertx vertx = server.vertx();
    JsonObject marin = vertx.eventBus().<JsonObject>request(Addresses.SYNTHESIS_VOICES,
        new JsonObject().put("voice", "MARIN")).await(10, TimeUnit.SECONDS).body();
    assertThat(marin.getString("id")).isEqualTo("marin");
    assertThat(marin.getString("engine")).isEqualTo("flite");
    JsonObject variant = vertx.eventBus().<JsonObject>request(Addresses.SYNTHESIS_VOICES,
        new JsonObject().put("voice", "en-us+f3")).await(10, TimeUnit.SECONDS).body();
    assertThat(variant.getString("engine")).isEqualTo("espeak");
    assertThat(variant.getString("gender")).isEqualTo("female");
    Throwable unknown = org.assertj.core.api.Assertions.catchThrowable(() -> vertx.eventBus().request(
        Addresses.SYNTHESIS_VOICES, new JsonObject().put("voice", "klingon")).await(10, TimeUnit.SECONDS));
    assertThat(unknown).isInstanceOf(io.vertx.core.eventbus.ReplyException.class).hasMessageContaining("'klingon'");
    assertThat(dev.nexus.bus.StageFailure.of(unknown)).isEqualTo(dev.nexus.bus.StageFailure.NOT_FOUND);
  }

  @Test
  void aCancelEndsTheStreamBeforeAQuarterOfTheTextIsSpokenAndNothingFollowsTheAcknowledgement() throws Exception {
    Vertx vertx = server.vertx();
    RequestContext context = RequestContext.newRequest("cancel-test");
    AtomicInteger chunks = new AtomicInteger();
    AtomicInteger afterAck = new AtomicInteger();
    Promise<StreamEnd> ended = Promise.promise();
    boolean[] acknowledged = {false};
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(context.streamAddress(), message -> {
      if (message.body() instanceof AudioChunk) {
        if (acknowledged[0]) {
          afterAck.incrementAndGet();
        }
        if (chunks.incrementAndGet() == 3) {
          CancelToken.cancel(vertx, context, "barge-in").onSuccess(v -> acknowledged[0] = true);
        }
      } else if (message.body() instanceof StreamEnd end) {
        ended.tryComplete(end);
      }
    });
    consumer.completion().await(10, TimeUnit.SECONDS);
    String longText = "This sentence keeps going so that there is plenty left to cancel. ".repeat(30);
    vertx.eventBus().request(Addresses.SYNTHESIS_SPEAK,
        new SynthesisRequest(context, longText, "alloy", 16000, 1.0, 1.0, 40)).await(10, TimeUnit.SECONDS);
    StreamEnd end = ended.future().await(30, TimeUnit.SECONDS);
    consumer.unregister();
    assertThat(end.status()).isEqualTo(StreamEnd.Status.CANCELLED);
    assertThat(afterAck.get()).as("chunks after the cancel was acknowledged").isZero();
    // 30 sentences are about 2,000 chunks of 40 ms. The engine stops within one chunk of being told
    // (EspeakSynthesizerTest); here chunks already on the bus before the cancel lands still arrive, so the bound
    // is a quarter of the text, not one chunk
    assertThat(chunks.get()).as("chunks before the stream ended").isLessThan(500);
  }

  @Test
  void theOfficialOpenAiClientRoundTrips() throws Exception {
    Path out = NodeClient.tempFile(".wav");
    JsonObject result = NodeClient.run("speech.mjs", "http://127.0.0.1:" + server.port() + "/v1", out.toString());
    assertThat(result.getString("contentType")).isEqualTo("audio/wav");
    Wav.Audio audio = Wav.parse(Files.readAllBytes(out));
    assertThat(audio.durationSeconds()).isBetween(1.0, 5.0);
    assertThat(result.getJsonObject("badVoice").getInteger("status")).isEqualTo(400);
    assertThat(result.getJsonObject("badVoice").getString("message")).contains("unknown voice 'klingon'");
    assertThat(result.getJsonObject("badSpeed").getInteger("status")).isEqualTo(400);
  }
}
