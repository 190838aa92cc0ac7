package dev.nexus.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.client.RealtimeClient;
import dev.nexus.podcast.PodcastServerTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Interruption is one thing that cancels everything: a listener interrupts a live episode while an answer is being
 * written, twice more in quick succession, and then closes the socket during the last answer. The language model (an OpenAI-compatible endpoint this test runs,
 * which starts every answer and then never finishes it) sees each superseded answer's request closed, and every
 * stage (podcast, reasoning, synthesis) ends with nothing in flight: no orphaned work is left on a worker.
 */
class PodcastInterruptionTest {
  @Test
  void quickInterruptionsAndAClosedSocketCancelEveryAnswerAndLeaveNoWorkInFlight() throws Exception {
    Path data = Files.createTempDirectory("nexus-interruption");
    String episode;
    try (TestSupport.Running grounded = TestSupport.running(null, Map.of("NEXUS_DATA", data.toString()))) {
      episode = make(grounded, new JsonObject().put("text", PodcastServerTest.SOURCE).put("minutes", 1));
    }
    Vertx upstreamVertx = Vertx.vertx();
    List<String> questions = new CopyOnWriteArrayList<>();
    AtomicInteger closed = new AtomicInteger();
    HttpServer upstream = upstreamVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      JsonArray messages = body.toJsonObject().getJsonArray("messages");
      questions.add(messages.getJsonObject(messages.size() - 1).getString("content"));
      req.connection().closeHandler(v -> closed.incrementAndGet());
      req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      req.response().write("data: " + new JsonObject().put("choices", new JsonArray().add(new JsonObject()
          .put("index", 0).put("delta", new JsonObject().put("role", "assistant").put("content", "Well,"))
          .put("finish_reason", null))).encode() + "\n\n"); // and then nothing: an answer still being written
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    Path config = Files.createTempDirectory("nexus-interruption-config");
    Files.writeString(config.resolve("reasoning.yaml"), """
        engine: openai
        engines:
          openai:
            base-url: http://127.0.0.1:%d/v1/
            model: upstream-model
            timeout-ms: 120000
            retries: 0
            breaker-failures: 0
        """.formatted(upstream.actualPort()));
    try (TestSupport.Running running = TestSupport.running(config, Map.of("NEXUS_DATA", data.toString()))) {
      RealtimeClient rt = RealtimeClient.connect(running.client(), running.server().port(),
          "/v1/podcasts/" + episode + "/live", null, null);
      rt.await("podcast.ready", 10_000);
      rt.send(new JsonObject().put("type", "podcast.start"));
      rt.await("podcast.turn.started", 10_000);
      rt.send(new JsonObject().put("type", "podcast.interrupt").put("text", "Who was Ada Varga?"));
      waitFor(() -> questions.contains("Who was Ada Varga?"), () -> "the first question reached the language model");
      // two more interruptions in quick succession: the first answer, in flight, is superseded, and so is the
      // second (whether or not it got as far as the model before the third came)
      rt.send(new JsonObject().put("type", "podcast.interrupt").put("text", "When did she retire?"));
      rt.send(new JsonObject().put("type", "podcast.interrupt").put("text", "What did the logbook record?"));
      waitFor(() -> questions.contains("What did the logbook record?"), () -> "the last question reached the model");
      waitFor(() -> closed.get() == questions.size() - 1, () -> "every superseded answer's request was closed (questions " + questions + ", closed " + closed + ")");
      assertThat(rt.all("podcast.answer.started")).hasSize(3);
      assertThat(rt.all("podcast.answer.audio")).isEmpty();
      rt.close(); // during the last answer
      waitFor(() -> closed.get() == questions.size(), () -> "the last answer's request was closed with the socket (questions " + questions + ", closed " + closed + ")");
      assertThat(questions).startsWith("Who was Ada Varga?").endsWith("What did the logbook record?");
      for (String stage : List.of("podcast", "reasoning", "synthesis")) {
        waitFor(() -> inFlight(running, stage) == 0, () -> "nothing in flight in the " + stage + " stage");
      }
    } finally {
      upstreamVertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static int inFlight(TestSupport.Running running, String stage) {
    try {
      JsonObject health = running.http().get("/health").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      return health.getJsonObject("verticles").getJsonObject(stage).getInteger("in_flight");
    } catch (TimeoutException e) {
      throw new IllegalStateException("no /health answer", e);
    }
  }

  private static void waitFor(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
    for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
      Thread.sleep(100);
    }
    assertThat(condition.getAsBoolean()).as(what.get()).isTrue();
  }

  private static String make(TestSupport.Running running, JsonObject request) throws Exception {
    HttpResponse<Buffer> created = running.http().post("/v1/podcasts").sendJsonObject(request)
        .await(70, TimeUnit.SECONDS);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    String id = created.bodyAsJsonObject().getString("id");
    for (int i = 0; i < 900; i++) {
      JsonObject status = running.http().get("/v1/podcasts/" + id).send().await(10, TimeUnit.SECONDS)
          .bodyAsJsonObject();
      if ("ready".equals(status.getString("status"))) {
        return id;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the episode was not ready in 90 s");
  }
}
