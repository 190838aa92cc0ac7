package dev.nexus.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.RunningServerTest;
import dev.nexus.TestSupport;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.CancelToken;
import dev.nexus.bus.ChatEvent;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StreamEnd;
import dev.nexus.bus.ToolSpec;
import dev.nexus.client.NodeClient;
import dev.nexus.node.NexusServer;
import dev.nexus.tools.Tool;
import dev.nexus.tools.ToolPluginVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reasoning and tools through the running server: HTTP, the bus, plugins, and the openai client. */
class ReasoningServerTest extends RunningServerTest {

  static HttpResponse<Buffer> post(String path, JsonObject body) throws Exception {
    return http.post(path).sendJsonObject(body).await(30, TimeUnit.SECONDS);
  }

  static JsonObject chat(JsonArray messages) throws Exception {
    HttpResponse<Buffer> response = post("/v1/chat/completions",
        new JsonObject().put("model", "nexus-grounded").put("messages", messages));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  static String content(JsonObject completion) {
    return completion.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content");
  }

  static JsonObject user(String text) {
    return new JsonObject().put("role", "user").put("content", text);
  }

  @Test
  void aQuestionForTheCalculatorIsAnsweredThroughTheCalculatorTool() throws Exception {
    JsonObject completion = chat(new JsonArray().add(user("What is 12.5 times 8?")));
    assertThat(content(completion)).isEqualTo("12.5 times 8 is 100.");
    JsonObject trace = completion.getJsonArray("nexus_tool_results").getJsonObject(0);
    assertThat(trace.getString("name")).isEqualTo("calculator");
    assertThat(trace.getString("content")).isEqualTo("100");
  }

  @Test
  void theClockToolAnswersTheTime() throws Exception {
    int before = java.time.Year.now(java.time.ZoneOffset.UTC).getValue();
    String answer = content(chat(new JsonArray().add(user("What time is it?"))));
    int after = java.time.Year.now(java.time.ZoneOffset.UTC).getValue();
    // the answer is in UTC: the year is UTC's (either side of a New Year's midnight that fell during the call)
    assertThat(answer).startsWith("It's ").endsWith("(UTC).")
        .containsAnyOf(String.valueOf(before), String.valueOf(after));
  }

  @Test
  void aToolErrorReachesTheModelAsAResultNotACrash() throws Exception {
    String answer = content(chat(new JsonArray().add(user("What is 5 divided by 0?"))));
    assertThat(answer).startsWith("I couldn't work that out: error: division by zero");
    String web = content(chat(new JsonArray().add(user("search the web for vert.x"))));
    assertThat(web).contains("web search is not configured");
  }

  @Test
  void answersComeFromTheGivenSourceAndStreamAsChunks() throws Exception {
    JsonObject body = new JsonObject().put("model", "nexus-grounded").put("stream", true).put("messages", new JsonArray()
        .add(new JsonObject().put("role", "system").put("content",
            "The Eiffel Tower is in Paris. It was completed in 1889 for the World Fair. Bananas are yellow."))
        .add(user("When was the Eiffel Tower finished?")));
    HttpResponse<Buffer> response = post("/v1/chat/completions", body);
    assertThat(response.getHeader("content-type")).isEqualTo("text/event-stream");
    String[] events = response.bodyAsString().split("\n\n");
    assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
    StringBuilder text = new StringBuilder();
    String finish = null;
    for (int i = 0; i < events.length - 1; i++) {
      JsonObject choice = new JsonObject(events[i].substring(6)).getJsonArray("choices").getJsonObject(0);
      text.append(choice.getJsonObject("delta").getString("content", ""));
      finish = choice.getString("finish_reason", finish);
    }
    assertThat(events.length).isGreaterThan(8);
    assertThat(finish).isEqualTo("stop");
    assertThat(text.toString()).contains("completed in 1889").doesNotContain("Bananas");
  }

  @Test
  void withoutRelevantSourcesTheEngineSaysSoInsteadOfInventing() throws Exception {
    String answer = content(chat(new JsonArray()
        .add(new JsonObject().put("role", "system").put("content", "Bananas are yellow. They grow in bunches."))
        .add(user("Who won the chess world championship in 1972?"))));
    assertThat(answer).startsWith("My sources don't cover that, but I can answer about what they do cover, or do "
        + "arithmetic").doesNotContain("1972");
    assertThat(content(chat(new JsonArray().add(user("Tell me about quantum gravity")))))
        .startsWith("I don't have any material on that yet; give me a document");
    assertThat(content(chat(new JsonArray().add(user("Hello!"))))).contains("I'm Nexus").doesNotContain("material");
  }

  @Test
  void clientToolsComeBackAsToolCallsAndMaxTokensCutsTheAnswer() throws Exception {
    JsonObject body = new JsonObject().put("model", "nexus-grounded").put("messages", new JsonArray().add(user("What is 2 plus 2?")))
        .put("tools", new JsonArray().add(new JsonObject().put("type", "function")
            .put("function", new JsonObject().put("name", "calculator").put("parameters", new JsonObject().put("type", "object")))));
    JsonObject choice = post("/v1/chat/completions", body).bodyAsJsonObject().getJsonArray("choices").getJsonObject(0);
    assertThat(choice.getString("finish_reason")).isEqualTo("tool_calls");
    JsonObject call = choice.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0);
    assertThat(call.getJsonObject("function").getString("name")).isEqualTo("calculator");
    assertThat(new JsonObject(call.getJsonObject("function").getString("arguments")).getString("expression")).isEqualTo("2 + 2");

    body.put("tool_choice", "none").put("max_tokens", 3);
    JsonObject limited = post("/v1/chat/completions", body).bodyAsJsonObject().getJsonArray("choices").getJsonObject(0);
    assertThat(limited.getString("finish_reason")).isEqualTo("length");
    assertThat(limited.getJsonObject("message").getString("content").split(" ")).hasSize(3);

    body.remove("max_tokens");
    body.put("stream", true).remove("tool_choice");
    String sse = post("/v1/chat/completions", body).bodyAsString();
    assertThat(sse).contains("\"tool_calls\":[{\"index\":0").contains("\"finish_reason\":\"tool_calls\"");
  }

  @Test
  void promptRepetitionSendsTheQuestionTwiceAndKeepsTheAnswer() throws Exception {
    JsonArray messages = new JsonArray().add(new JsonObject().put("role", "system").put("content", "Nexus speaks."))
        .add(user("What does Nexus do?"));
    JsonObject once = post("/v1/chat/completions", new JsonObject().put("model", "nexus-grounded").put("messages", messages))
        .bodyAsJsonObject();
    JsonObject twice = post("/v1/chat/completions", new JsonObject().put("model", "nexus-grounded").put("messages", messages)
        .put("repeat_prompt", true)).bodyAsJsonObject();
    assertThat(content(twice)).isEqualTo(content(once));
    int base = once.getJsonObject("usage").getInteger("prompt_tokens");
    assertThat(twice.getJsonObject("usage").getInteger("prompt_tokens")).isGreaterThan(base);
  }

  @Test
  void documentsIngestedOverHttpAreFoundByDocumentSearch() throws Exception {
    HttpResponse<Buffer> added = post("/v1/documents", new JsonObject().put("title", "Launch notes")
        .put("text", "The Aurora probe launched on 3 March 2031 from Kourou. Its mission is to map Europa's ice shell. "
            + "The team celebrated with cake."));
    assertThat(added.statusCode()).isEqualTo(201);
    assertThat(added.bodyAsJsonObject().getInteger("passages")).isPositive();
    String answer = content(chat(new JsonArray().add(user("Search the documents for when the Aurora probe launched"))));
    assertThat(answer).contains("According to Launch notes:").contains("3 March 2031");
    assertThat(post("/v1/documents", new JsonObject().put("text", "")).statusCode()).isEqualTo(400);
    assertThat(post("/v1/documents", new JsonObject().put("title", "no text")).statusCode()).isEqualTo(400);
  }

  /** A plugin deployed while the server runs. */
  static final class WordCountPlugin extends ToolPluginVerticle {
    @Override
    protected List<Tool> tools() {
      return List.of(new Tool() {
        @Override
        public ToolSpec spec() {
          return new ToolSpec("word_count", "Counts the words of a text.", Map.of("type", "object",
              "properties", Map.of("text", Map.of("type", "string"))), null);
        }

        @Override
        public Future<String> call(JsonObject arguments, RequestContext context) {
          String text = arguments.getString("text", arguments.getString("query", ""));
          return Future.succeededFuture(String.valueOf(text.isBlank() ? 0 : text.trim().split("\\s+").length));
        }
      });
    }
  }

  static List<String> toolNames() throws Exception {
    List<String> names = new ArrayList<>();
    for (Object o : http.get("/v1/tools").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("data")) {
      names.add(((JsonObject) o).getString("name"));
    }
    return names;
  }

  @Test
  void aPluginDeployedAtRunTimeBecomesCallableAndGoesAwayWhenUndeployed() throws Exception {
    assertThat(toolNames()).contains("calculator", "clock", "document_search", "web_search").doesNotContain("word_count");
    String id = server.vertx().deployVerticle(new WordCountPlugin(), new DeploymentOptions()).await(10, TimeUnit.SECONDS);
    long deadline = System.currentTimeMillis() + 30_000; // a hang guard on a loaded machine, not a time limit
    while (!toolNames().contains("word_count") && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(toolNames()).contains("word_count");
    HttpResponse<Buffer> called = post("/v1/tools/word_count", new JsonObject().put("text", "one two three four"));
    assertThat(called.bodyAsJsonObject().getString("content")).isEqualTo("4");
    JsonObject viaModel = post("/v1/chat/completions", new JsonObject().put("model", "nexus-grounded")
        .put("messages", new JsonArray().add(user("how many words are in this sentence right here")))
        .put("tool_choice", new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "word_count"))))
        .bodyAsJsonObject();
    assertThat(viaModel.getJsonArray("nexus_tool_results").getJsonObject(0).getString("content")).isEqualTo("9");
    assertThat(content(viaModel)).isEqualTo("The word_count tool says: 9");

    server.vertx().undeploy(id).await(10, TimeUnit.SECONDS);
    deadline = System.currentTimeMillis() + 30_000; // a hang guard on a loaded machine, not a time limit
    while (toolNames().contains("word_count") && System.currentTimeMillis() < deadline) {
      Thread.sleep(20);
    }
    assertThat(toolNames()).doesNotContain("word_count");
    assertThat(post("/v1/tools/word_count", new JsonObject()).statusCode()).isEqualTo(404);
  }

  @Test
  void toolCallsOverHttpReportBadArgumentsAndErrors() throws Exception {
    HttpResponse<Buffer> ok = post("/v1/tools/calculator", new JsonObject().put("expression", "2^10").put("precision", 3));
    assertThat(ok.bodyAsJsonObject().getString("content")).isEqualTo("1020");
    HttpResponse<Buffer> bad = post("/v1/tools/calculator", new JsonObject().put("expression", "2^"));
    assertThat(bad.statusCode()).isEqualTo(422);
    assertThat(bad.bodyAsJsonObject().getBoolean("error")).isTrue();
    assertThat(post("/v1/tools/calculator", new JsonObject().put("expression", 5)).statusCode()).isEqualTo(422);
    assertThat(post("/v1/tools/calculator", new JsonObject().put("expression", "1").put("precision", 40)).statusCode())
        .isEqualTo(422);
    assertThat(post("/v1/tools/clock", new JsonObject().put("timezone", "Mars/Olympus")).bodyAsJsonObject()
        .getString("content")).contains("unknown time zone");
    assertThat(new JsonObject(post("/v1/tools/clock", new JsonObject().put("timezone", "Europe/Paris")).bodyAsJsonObject()
        .getString("content")).getString("timezone")).isEqualTo("Europe/Paris");
    assertThat(post("/v1/tools/document_search", new JsonObject()).statusCode()).isEqualTo(422);
    assertThat(post("/v1/tools/web_search", new JsonObject()).statusCode()).isEqualTo(422);
    HttpResponse<Buffer> notJson = http.post("/v1/tools/calculator").sendBuffer(Buffer.buffer("nope")).await(10, TimeUnit.SECONDS);
    assertThat(notJson.statusCode()).isEqualTo(400);
  }

  @Test
  void aSlowToolIsCancelledWithTheTurn() throws Exception {
    Vertx vertx = server.vertx();
    AtomicBoolean toolFinished = new AtomicBoolean();
    AtomicBoolean toolRunningAtEnd = new AtomicBoolean();
    ToolPluginVerticle slow = new ToolPluginVerticle() {
      @Override
      protected List<Tool> tools() {
        return List.of(new Tool() {
          @Override
          public ToolSpec spec() {
            return new ToolSpec("slow_lookup", "Takes its time.", Map.of("type", "object"), null);
          }

          @Override
          public Future<String> call(JsonObject arguments, RequestContext context) {
            return vertx.timer(10_000).map(v -> {
              toolFinished.set(true);
              return "late";
            });
          }
        });
      }
    };
    String id = vertx.deployVerticle(slow).await(10, TimeUnit.SECONDS);
    try {
      RequestContext context = RequestContext.newRequest("cancel-test");
      Promise<StreamEnd> ended = Promise.promise();
      List<Object> items = new ArrayList<>();
      MessageConsumer<Object> consumer = vertx.eventBus().consumer(context.streamAddress(), m -> {
        items.add(m.body());
        if (m.body() instanceof ChatEvent.ToolCalled) {
          CancelToken.cancel(vertx, context, "barge-in");
        }
        if (m.body() instanceof StreamEnd end) {
          toolRunningAtEnd.set(!toolFinished.get());
          ended.tryComplete(end);
        }
      });
      consumer.completion().await(5, TimeUnit.SECONDS);
      vertx.eventBus().request(Addresses.REASONING_CHAT, new ChatRequest(context, null,
          List.of(ChatMessage.user("look this up slowly")), List.of(), "slow_lookup", true, null, null, null))
          .await(10, TimeUnit.SECONDS);
      StreamEnd end = ended.future().await(10, TimeUnit.SECONDS);
      consumer.unregister();
      assertThat(end.status()).isEqualTo(StreamEnd.Status.CANCELLED);
      assertThat(toolRunningAtEnd.get()).as("the turn ended while the tool was still running").isTrue();
      ChatResult result = (ChatResult) items.stream().filter(i -> i instanceof ChatResult).findFirst().orElseThrow();
      assertThat(result.finishReason()).isEqualTo("cancelled");
      assertThat(items).noneMatch(i -> i instanceof ChatEvent.ToolAnswered);
    } finally {
      vertx.undeploy(id).await(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "{}",
      "{\"model\":\"nexus-grounded\"}",
      "{\"model\":\"nexus-grounded\",\"messages\":[]}",
      "{\"model\":\"nexus-grounded\",\"messages\":\"hi\"}",
      "{\"model\":\"gpt-9000\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
      "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[\"hi\"]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\"}]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"}]}]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{}]}]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":{}}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\"}]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a b\"}}]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"ok\",\"parameters\":3}}]}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tool_choice\":\"sometimes\"}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":5}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":1.5}",
      "{\"model\":\"nexus-grounded\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"repeat_prompt\":\"yes\"}"
  })
  void malformedChatRequestsAre400(String body) throws Exception {
    HttpResponse<Buffer> response = http.post("/v1/chat/completions").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer(body)).await(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message")).isNotBlank();
  }

  @Test
  void oversizedPromptsAre400AndModelsAreListed() throws Exception {
    HttpResponse<Buffer> big = post("/v1/chat/completions", new JsonObject().put("model", "nexus-grounded")
        .put("messages", new JsonArray().add(user("x".repeat(200_001)))));
    assertThat(big.statusCode()).isEqualTo(400);
    assertThat(big.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("the limit is 200000");
    JsonObject models = http.get("/v1/models").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(models.getJsonArray("data").getJsonObject(0).getString("id")).isEqualTo("nexus-grounded");
    JsonObject parts = chat(new JsonArray().add(new JsonObject().put("role", "developer").put("content", "Ferns like shade."))
        .add(new JsonObject().put("role", "user").put("content", new JsonArray()
            .add(new JsonObject().put("type", "text").put("text", "What do ferns like?")))));
    assertThat(content(parts)).contains("Ferns like shade.");
  }

  @Test
  void theOfficialOpenAiClientRoundTrips() throws Exception {
    JsonObject r = NodeClient.run("chat.mjs", "http://127.0.0.1:" + server.port() + "/v1");
    assertThat(r.getJsonArray("models").getList()).contains("nexus-grounded");
    assertThat(r.getString("plain")).isEqualTo("12.5 times 8 is 100.");
    assertThat(r.getString("streamed")).contains("It runs on Vert.x.");
    assertThat(r.getInteger("chunks")).isGreaterThan(5);
    assertThat(r.getJsonObject("usage").getInteger("total_tokens")).isPositive();
    assertThat(r.getJsonObject("toolCall").getString("name")).isEqualTo("calculator");
    assertThat(r.getJsonObject("toolCall").getJsonObject("arguments").getString("expression")).isEqualTo("6 * 7");
    assertThat(r.getString("toolAnswer")).isEqualTo("6 times 7 is 42.");
    assertThat(r.getJsonObject("badModel").getInteger("status")).isEqualTo(400);
  }

  @Test
  void theOpenAiEngineStreamsFromAnotherServersChatCompletions(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("reasoning.yaml"), "engine: openai\nengines:\n  openai:\n    base-url: http://127.0.0.1:"
        + server.port() + "/v1\n    model: nexus-grounded\n    retries: 0\n");
    NexusServer front = TestSupport.startServer(dir);
    try {
      WebClient web = WebClient.create(client);
      JsonObject health = web.get(front.port(), "localhost", "/health").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      assertThat(health.getJsonObject("verticles").getJsonObject("reasoning").getString("engine")).isEqualTo("openai");
      JsonObject body = new JsonObject().put("model", "nexus-grounded").put("messages", new JsonArray()
          .add(new JsonObject().put("role", "system").put("content", "The river Loire is the longest river in France."))
          .add(user("Which is the longest river in France?")));
      JsonObject direct = web.post(server.port(), "localhost", "/v1/chat/completions").sendJsonObject(body)
          .await(20, TimeUnit.SECONDS).bodyAsJsonObject();
      JsonObject relayed = web.post(front.port(), "localhost", "/v1/chat/completions").sendJsonObject(body)
          .await(20, TimeUnit.SECONDS).bodyAsJsonObject();
      assertThat(content(relayed)).isEqualTo(content(direct)).contains("The river Loire is the longest river in France.");
      // the front server's own tools go to the upstream model as OpenAI tools, and it runs the call
      JsonObject math = web.post(front.port(), "localhost", "/v1/chat/completions").sendJsonObject(new JsonObject()
          .put("model", "nexus-grounded").put("messages", new JsonArray().add(user("What is 9 times 9?"))))
          .await(20, TimeUnit.SECONDS).bodyAsJsonObject();
      assertThat(content(math)).isEqualTo("9 times 9 is 81.");
    } finally {
      front.stop().await(30, TimeUnit.SECONDS);
    }
  }
}
