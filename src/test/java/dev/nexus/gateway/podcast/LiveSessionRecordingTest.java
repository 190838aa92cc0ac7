package dev.nexus.gateway.podcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nexus.TestSupport;
import dev.nexus.audio.Wav;
import dev.nexus.client.RealtimeClient;
import dev.nexus.podcast.PodcastServerTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A live session is recorded as its listener heard it: a socket opened with no parameters orders its episode in a
 * {@code podcast.create} message, the listener hears 1.5 s, interrupts with a question, hears the answer and leaves;
 * a reload (same session id) resumes. The recording's transcript has the times, the question and the answer at the
 * interrupted point; its WAV is exactly what was heard, the answer included.
 */
class LiveSessionRecordingTest {
  private static TestSupport.Running running;

  @BeforeAll
  static void start() throws Exception {
    running = TestSupport.running(null, Map.of("NEXUS_DATA",
        Files.createTempDirectory("nexus-session-recording").toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    running.close();
  }

  @Test
  void theRecordingHoldsWhatWasHeardWithTheQuestionAndTheAnswerAtTheInterruptedPoint() throws Exception {
    RealtimeClient rt = RealtimeClient.connect(running.client(), running.server().port(), "/v1/podcasts/live",
        null, null);
    String session = rt.await("session.created", 10_000).getJsonObject("session").getString("id");
    rt.send(new JsonObject().put("type", "podcast.create").put("podcast", new JsonObject()
        .put("text", PodcastServerTest.SOURCE).put("minutes", 1)));
    rt.send(new JsonObject().put("type", "podcast.start")); // before podcast.ready: it waits for the episode
    String podcast = rt.await("podcast.ready", 90_000).getString("podcast_id");
    rt.awaitIndex(0, e -> receivedMs(rt) > 3000, 30_000, "3 s of audio");
    rt.send(new JsonObject().put("type", "podcast.playback").put("audio_end_ms", 1500));
    rt.send(new JsonObject().put("type", "podcast.interrupt").put("text", "What did Ada do during the great storm?"));
    JsonObject interrupted = rt.await("podcast.interrupted", 10_000);
    assertThat(interrupted.getLong("heard_ms")).isEqualTo(1500);
    String answer = rt.await("podcast.answer.done", 60_000).getString("text");
    rt.await("podcast.resumed", 60_000);
    double sentBeforeInterrupting = receivedMs(rt.received().subList(0, indexOf(rt, "podcast.interrupted")));
    long playedAll = (long) Math.ceil(receivedMs(rt)); // up to the resume point, not a fraction before it
    rt.send(new JsonObject().put("type", "podcast.playback").put("audio_end_ms", playedAll));
    rt.send(new JsonObject().put("type", "podcast.pause"));
    rt.await("podcast.paused", 10_000);
    rt.close();

    JsonObject recording = transcript(podcast, session, 5);
    List<JsonObject> entries = recording.getJsonArray("entries").stream().map(JsonObject.class::cast).toList();
    assertThat(entries.stream().map(e -> e.getString("type")).toList())
        .containsSubsequence("turn", "interrupted", "question", "answer", "bridge", "resumed");
    JsonObject cut = entries.stream().filter(e -> e.getString("type").equals("interrupted")).findFirst().orElseThrow();
    JsonObject question = entries.stream().filter(e -> e.getString("type").equals("question")).findFirst()
        .orElseThrow();
    JsonObject spoken = entries.stream().filter(e -> e.getString("type").equals("answer")).findFirst().orElseThrow();
    assertThat(cut.getLong("at_ms")).as("the listener heard 1.5 s before interrupting").isEqualTo(1500);
    assertThat(cut.getString("at_word")).isNotBlank();
    assertThat(question.getString("text")).isEqualTo("What did Ada do during the great storm?");
    assertThat(question.getLong("at_ms")).isEqualTo(1500);
    assertThat(spoken.getLong("at_ms")).as("the answer follows the heard audio at once").isEqualTo(1500);
    assertThat(spoken.getString("text")).isEqualTo(answer);
    assertThat(recording.getString("text")).contains("(interrupted at “" + cut.getString("at_word") + "”)")
        .contains("Listener: What did Ada do during the great storm?").contains(answer);

    HttpResponse<Buffer> wav = running.http().get("/v1/podcasts/" + podcast + "/sessions/" + session + "/audio")
        .send().await(10, TimeUnit.SECONDS);
    assertThat(wav.statusCode()).isEqualTo(200);
    assertThat(wav.getHeader("content-type")).isEqualTo("audio/wav");
    Wav.Audio audio = Wav.parse(wav.body().getBytes());
    assertThat(audio.sampleRate()).isEqualTo(24000);
    long durationMs = audio.samples().length / 24;
    assertThat(durationMs).isCloseTo(recording.getLong("duration_ms"), within(1L));
    assertThat((double) durationMs).as("the heard 1.5 s, then all that was heard after the question")
        .isCloseTo(1500 + playedAll - sentBeforeInterrupting, within(2.0));
    assertThat(durationMs).as("at least a second of answer").isGreaterThan(2500);
    assertThat(rms(audio.samples(), 1500, 2500)).as("the answer's first second is speech, not silence")
        .isGreaterThan(0.01);

    // a reload resumes the same session: the recording goes on after what was heard
    RealtimeClient again = RealtimeClient.connect(running.client(), running.server().port(),
        "/v1/podcasts/live", "session=" + session, null);
    JsonObject created = again.await("session.created", 10_000).getJsonObject("session");
    assertThat(created.getBoolean("resumed")).isTrue();
    assertThat(created.getString("podcast_id")).isEqualTo(podcast);
    assertThat(created.getLong("audio_ms")).isZero();
    again.await("podcast.ready", 10_000);
    again.send(new JsonObject().put("type", "podcast.start"));
    again.await("podcast.resumed", 10_000);
    again.awaitIndex(0, e -> receivedMs(again) > 1000, 30_000, "1 s of audio");
    again.send(new JsonObject().put("type", "podcast.playback").put("audio_end_ms", 1000));
    again.send(new JsonObject().put("type", "podcast.pause"));
    again.await("podcast.paused", 10_000);
    again.close();
    JsonObject longer = transcript(podcast, session, 7);
    assertThat(longer.getLong("duration_ms")).isCloseTo(durationMs + 1000, within(2L));
    assertThat(longer.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("type"))
        .filter("resumed"::equals).count()).isEqualTo(2);
  }

  @Test
  void anUnknownOrMalformedSessionIs404() throws Exception {
    for (String path : List.of("/v1/podcasts/pod_abcdefgh12/sessions/psess_abcdefgh12",
        "/v1/podcasts/pod_abcdefgh12/sessions/psess_abcdefgh12/audio", "/v1/podcasts/x/sessions/psess_abcdefgh12",
        "/v1/podcasts/pod_abcdefgh12/sessions/nope")) {
      HttpResponse<Buffer> res = running.http().get(path).send().await(10, TimeUnit.SECONDS);
      assertThat(res.statusCode()).as(path).isEqualTo(404);
      assertThat(res.bodyAsJsonObject().getJsonObject("error").getString("message")).as(path).startsWith("no ");
    }
  }

  /** The transcript, once it has at least {@code entries} entries (the last appends travel after the close). */
  private static JsonObject transcript(String podcast, String session, int entries) throws Exception {
    JsonObject body = null;
    for (int i = 0; i < 100; i++) {
      HttpResponse<Buffer> res = running.http().get("/v1/podcasts/" + podcast + "/sessions/" + session).send()
          .await(10, TimeUnit.SECONDS);
      if (res.statusCode() == 200) {
        body = res.bodyAsJsonObject();
        if (body.getJsonArray("entries").size() >= entries) {
          return body;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the recording has fewer than " + entries + " entries: " + body);
  }

  private static double receivedMs(RealtimeClient rt) {
    return receivedMs(rt.received());
  }

  private static double receivedMs(List<RealtimeClient.Received> events) {
    return events.stream().map(RealtimeClient.Received::event)
        .filter(e -> "response.output_audio.delta".equals(e.getString("type")))
        .mapToDouble(e -> Base64.getDecoder().decode(e.getString("audio")).length / 48.0).sum();
  }

  private static int indexOf(RealtimeClient rt, String type) {
    List<RealtimeClient.Received> events = rt.received();
    for (int i = 0; i < events.size(); i++) {
      if (type.equals(events.get(i).event().getString("type"))) {
        return i;
      }
    }
    throw new AssertionError("no " + type);
  }

  private static double rms(float[] samples, long fromMs, long toMs) {
    double sum = 0;
    int n = 0;
    for (int i = (int) (fromMs * 24); i < Math.min(samples.length, toMs * 24); i++, n++) {
      sum += samples[i] * samples[i];
    }
    return n == 0 ? 0 : Math.sqrt(sum / n);
  }
}
