package dev.nexus.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.ChatEvent;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StreamEnd;
import dev.nexus.node.NexusServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The llamacpp engine through the running server, with a tiny GGUF of random weights written by
 * scripts/make_tiny_gguf.py: it proves loading, templating, streaming, limits and cancellation, not
 * the quality of the words, which are random by construction.
 */
class LlamaCppServerTest {
  static NexusServer server;
  static Vertx client;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("nexus-llamacpp");
    Path model = Path.of("src/test/resources/models/tiny-random-llama.gguf").toAbsolutePath();
    Files.writeString(dir.resolve("reasoning.yaml"), "engine: llamacpp\nengines:\n  llamacpp:\n    model: " + model
        + "\n    model-id: tiny-random\n    context-size: 512\n    threads: 2\n    max-tokens: 24\n");
    server = TestSupport.startServer(dir);
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop().await(30, TimeUnit.SECONDS);
    client.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void chatCompletionsStreamTokensFromTheGgufModel() throws Exception {
    WebClient web = WebClient.create(client);
    JsonObject models = web.get(server.port(), "localhost", "/v1/models").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(models.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("tiny-random");
    JsonObject body = new JsonObject().put("model", "tiny-random").put("max_tokens", 6).put("temperature", 0)
        .put("messages", new JsonArray().add(new JsonObject().put("role", "system").put("content", "You are brief."))
            .add(new JsonObject().put("role", "user").put("content", "hello world")));
    JsonObject completion = web.post(server.port(), "localhost", "/v1/chat/completions").sendJsonObject(body)
        .await(60, TimeUnit.SECONDS).bodyAsJsonObject();
    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    JsonObject usage = completion.getJsonObject("usage");
    assertThat(usage.getInteger("prompt_tokens")).isGreaterThan(4);
    int completionTokens = usage.getInteger("completion_tokens");
    assertThat(completionTokens).isBetween(1, 6);
    // the model stops at max_tokens (length) or at its end-of-text token (stop); which one, the count tells
    assertThat(choice.getString("finish_reason")).isEqualTo(completionTokens == 6 ? "length" : "stop");
    JsonObject again = web.post(server.port(), "localhost", "/v1/chat/completions").sendJsonObject(body)
        .await(60, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(again.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content"))
        .as("temperature 0 and a fixed seed make the output repeatable")
        .isEqualTo(choice.getJsonObject("message").getString("content"));
  }

  @Test
  void aCancelEndsSamplingAsCancelledAndNoTokenFollowsTheAcknowledgement() throws Exception {
    Vertx vertx = server.vertx();
    RequestContext context = RequestContext.newRequest("llama-cancel");
    List<Object> items = new ArrayList<>();
    Promise<StreamEnd> ended = Promise.promise();
    boolean[] acknowledged = {false};
    int[] afterAck = {0};
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(context.streamAddress(), m -> {
      items.add(m.body());
      if (m.body() instanceof ChatEvent.Text && acknowledged[0]) {
        afterAck[0]++;
      }
      if (m.body() instanceof ChatEvent.Text && items.size() == 2) {
        CancelToken.cancel(vertx, context, "barge-in").onSuccess(v -> acknowledged[0] = true);
      }
      if (m.body() instanceof StreamEnd end) {
        ended.tryComplete(end);
      }
    });
    consumer.completion().await(5, TimeUnit.SECONDS);
    vertx.eventBus().request(Addresses.REASONING_CHAT, new ChatRequest(context, "tiny-random",
        List.of(ChatMessage.user("speak at length")), List.of(), "none", false, 1.0, 400, null)).await(10, TimeUnit.SECONDS);
    StreamEnd end = ended.future().await(60, TimeUnit.SECONDS);
    consumer.unregister();
    long deltas = items.stream().filter(i -> i instanceof ChatEvent.Text).count();
    ChatResult result = (ChatResult) items.stream().filter(i -> i instanceof ChatResult).findFirst().orElseThrow();
    // the seed is fixed, so the random model's output (and its length) is the same on every run
    // the cancel is sent at the second token; 400 is max_tokens, so fewer means sampling was stopped
    assertThat(deltas).isGreaterThanOrEqualTo(2).isLessThan(400);
    assertThat(end.status()).isEqualTo(StreamEnd.Status.CANCELLED);
    assertThat(result.finishReason()).isEqualTo("cancelled");
    assertThat(afterAck[0]).isZero();
  }
}
