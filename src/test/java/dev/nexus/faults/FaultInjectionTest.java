package dev.nexus.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.client.RealtimeClient;
import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults inside a realtime turn, against the whole server with its real stages: the reasoning stage talks to an
 * OpenAI-compatible endpoint that this test runs and makes misbehave (slow, stuck, down), and a third-party tool
 * plugin blocks its thread. Each time the turn ends with an {@code error} naming the stage, the session goes on,
 * and another session is served meanwhile.
 */
class FaultInjectionTest {
  static Vertx upstreamVertx;
  static HttpServer upstream;
  static final AtomicInteger upstreamClosed = new AtomicInteger();
  static TestSupport.Running running;
  static NexusServer server;
  static Vertx client;
  static WebClient http;

  @BeforeAll
  static void start() throws Exception {
    upstreamVertx = Vertx.vertx();
    upstream = upstreamVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      req.connection().closeHandler(v -> upstreamClosed.incrementAndGet());
      answer(req, body.toJsonObject().getJsonArray("messages"));
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    Path config = Files.createTempDirectory("nexus-faults");
    Files.writeString(config.resolve("reasoning.yaml"), """
        engine: openai
        tool-timeout-ms: 1000
        engines:
          openai:
            base-url: http://127.0.0.1:%d/v1/
            model: upstream-model
            timeout-ms: 1500
            retries: 0
            breaker-failures: 0
        """.formatted(upstream.actualPort()));
    Files.writeString(config.resolve("gateway.yaml"), "realtime:\n  stage-timeout-ms: 3000\n");
    running = TestSupport.running(config);
    server = running.server();
    client = running.client();
    http = running.http();
    server.deployPlugin(BlockingToolPlugin.class.getName()).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    running.close();
    upstreamVertx.close().await(10, TimeUnit.SECONDS);
  }

  static String chunk(JsonObject delta, String finish) {
    return "data: " + new JsonObject().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("delta", delta).put("finish_reason", finish))).encode() + "\n\n";
  }

  static void stream(HttpServerRequest req) {
    req.response().setChunked(true).putHeader("content-type", "text/event-stream");
  }

  /** The misbehaving endpoint: what it does depends on the last message it is sent. */
  static void answer(HttpServerRequest req, JsonArray messages) {
    JsonObject last = messages.getJsonObject(messages.size() - 1);
    String text = last.getString("content", "");
    if (last.getString("role").equals("tool")) {
      stream(req);
      req.response().write(chunk(new JsonObject().put("content", text.startsWith("error")
          ? "The archive is not answering right now. " : "The archive says " + text + ". "), null));
      req.response().end(chunk(new JsonObject(), "stop") + "data: [DONE]\n\n");
    } else if (text.contains("stall")) { // one token, then nothing: the engine's idle timeout
      stream(req);
      req.response().write(chunk(new JsonObject().put("role", "assistant").put("content", "Let me think"), null));
    } else if (text.contains("queue")) { // alive but stuck: keep-alive comments and never a token
      stream(req);
      long ping = upstreamVertx.setPeriodic(300, t -> req.response().write(": queued\n\n"));
      req.response().closeHandler(v -> upstreamVertx.cancelTimer(ping));
    } else if (text.contains("down")) { // the endpoint dies on the request
      req.connection().close();
    } else if (text.contains("archive")) {
      stream(req);
      req.response().end(chunk(new JsonObject().put("tool_calls", new JsonArray().add(new JsonObject()
          .put("index", 0).put("id", "call-1").put("type", "function").put("function", new JsonObject()
              .put("name", "slow_lookup").put("arguments", "{\"word\":\"torch\"}")))), "tool_calls")
          + "data: [DONE]\n\n");
    } else {
      stream(req);
      req.response().write(chunk(new JsonObject().put("role", "assistant").put("content", "Five is the answer."), null));
      req.response().end(chunk(new JsonObject(), "stop") + "data: [DONE]\n\n");
    }
  }

  static RealtimeClient session() throws Exception {
    RealtimeClient rt = RealtimeClient.connect(client, server.port(), "model=upstream-model", null);
    rt.await("session.created", 10_000);
    return rt;
  }

  /** Sends a typed question and asks for a response; returns where its events start. */
  static int ask(RealtimeClient rt, String question) throws Exception {
    int from = rt.size();
    rt.send(new JsonObject().put("type", "conversation.item.create").put("item", new JsonObject()
        .put("type", "message").put("role", "user").put("content", new JsonArray().add(new JsonObject()
            .put("type", "input_text").put("text", question)))));
    rt.send(new JsonObject().put("type", "response.create"));
    return from;
  }

  /** A question to the healthy path, answered with audio: the session (or another) is being served. */
  static void answered(RealtimeClient rt) throws Exception {
    int from = ask(rt, "What is two plus three?");
    JsonObject done = rt.await(from, "response.done", 30_000).getJsonObject("response");
    assertThat(done.getString("status")).isEqualTo("completed");
    assertThat(rt.await(from, "response.output_audio_transcript.done", 1000).getString("transcript"))
        .contains("Five is the answer");
  }

  static JsonObject failedWith(RealtimeClient rt, int from, String code) throws Exception {
    JsonObject error = rt.await(from, "error", 30_000).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    JsonObject done = rt.await(from, "response.done", 10_000).getJsonObject("response");
    assertThat(done.getString("status")).isEqualTo("failed");
    return error;
  }

  @Test
  void aSlowLlmEndpointFailsTheTurnAtTheEnginesTimeoutWhileAnotherSessionIsServed() throws Exception {
    try (RealtimeClient stuck = session(); RealtimeClient other = session()) {
      int from = ask(stuck, "Please stall for a while.");
      answered(other); // served while the first turn waits on its endpoint
      JsonObject error = failedWith(stuck, from, "reasoning_failed");
      assertThat(error.getString("message")).contains("reasoning stage failed");
      answered(stuck);
      assertThat(http.get("/health").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void anEndpointThatStaysAliveButNeverAnswersIsCaughtByTheStageWatchdogAndItsRequestDropped() throws Exception {
    int closedBefore = upstreamClosed.get();
    try (RealtimeClient stuck = session(); RealtimeClient other = session()) {
      int from = ask(stuck, "Please queue this one.");
      answered(other);
      JsonObject error = failedWith(stuck, from, "reasoning_failed");
      assertThat(error.getString("message")).contains("no answer from the reasoning stage for 3000 ms");
      // the stuck upstream request is cancelled, not left open
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (upstreamClosed.get() == closedBefore && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertThat(upstreamClosed.get()).as("the stuck request's connection is closed").isGreaterThan(closedBefore);
      answered(stuck);
    }
  }

  @Test
  void anEndpointThatIsDownFailsTheTurnAndTheSessionGoesOn() throws Exception {
    try (RealtimeClient rt = session()) {
      int from = ask(rt, "Is the endpoint down?");
      failedWith(rt, from, "reasoning_failed");
      answered(rt);
    }
  }

  @Test
  void aPluginThatBlocksItsThreadPastTheToolBudgetIsCutOffAndTheModelStillAnswers() throws Exception {
    int finished = BlockingToolPlugin.FINISHED.get();
    try (RealtimeClient rt = session(); RealtimeClient other = session()) {
      int from = ask(rt, "Look up torch in the archive.");
      JsonObject error = rt.await(from, "error", 30_000).getJsonObject("error");
      assertThat(error.getString("code")).isEqualTo("tool_failed");
      assertThat(error.getString("message")).contains("slow_lookup").contains("no answer within 1000 ms");
      JsonObject result = rt.await(from, "nexus.tool.result", 1000);
      assertThat(result.getBoolean("error")).isTrue();
      JsonObject done = rt.await(from, "response.done", 30_000).getJsonObject("response");
      assertThat(done.getString("status")).isEqualTo("completed");
      assertThat(rt.await(from, "response.output_audio_transcript.done", 1000).getString("transcript"))
          .contains("not answering");
      // the plugin is still blocked; the rest of the server is not
      assertThat(BlockingToolPlugin.FINISHED.get()).isEqualTo(finished);
      answered(other);
      assertThat(http.get("/health").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      assertThat(http.get("/v1/tools").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().encode())
          .contains("slow_lookup");
      answered(rt);
    }
  }
}
