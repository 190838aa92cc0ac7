package dev.nexus.reasoning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.RunningServerTest;
import dev.nexus.bus.Addresses;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.ChatResult;
import dev.nexus.bus.Grounding;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.StreamEnd;
import dev.nexus.client.RealtimeClient;
import dev.nexus.reasoning.engine.LanguageModel;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The offline assistant as a new user meets it: spoken and typed arithmetic, small talk, client tools, grounding. */
class AssistantConversationTest extends RunningServerTest {

  static JsonObject complete(JsonObject body) throws Exception {
    HttpResponse<Buffer> response = http.post("/v1/chat/completions").sendJsonObject(body.put("model", "nexus-grounded"))
        .await(30, TimeUnit.SECONDS);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonArray("choices").getJsonObject(0);
  }

  static String ask(String... turns) throws Exception {
    JsonArray messages = new JsonArray();
    for (int i = 0; i < turns.length; i++) {
      messages.add(new JsonObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", turns[i]));
    }
    return complete(new JsonObject().put("messages", messages)).getJsonObject("message").getString("content");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "what is twelve times eight|12 times 8 is 96.",
      "what's the square root of one hundred forty four|The square root of 144 is 12.",
      "add seven and five|7 plus 5 is 12.",
      "What is 17.5 multiplied by 12? Answer with the number.|17.5 times 12 is 210.",
      "what is seventeen point five times twelve|17.5 times 12 is 210.",
      "what is two thousand and twenty six minus one thousand nine hundred eighty|2026 minus 1980 is 46.",
      "fifteen percent of eighty|15 percent of 80 is 12.",
      "What is 15% of 80?|15 percent of 80 is 12.",
      "subtract three from ten|10 minus 3 is 7.",
      "what's ten take away three|10 minus 3 is 7.",
      "what is the product of six and seven|6 times 7 is 42.",
      "the sum of three, four and five|3 plus 4 plus 5 is 12.",
      "what is two to the tenth power|2 to the power of 10 is 1024.",
      "what is 2 to the power of 16|2 to the power of 16 is 65536.",
      "what is nine squared|9 squared is 81.",
      "what is three cubed|3 cubed is 27.",
      "what is minus four times three|-4 times 3 is -12.",
      "what is negative five plus two|-5 plus 2 is -3.",
      "what is a half plus a quarter|0.5 plus 0.25 is 0.75.",
      "what is three quarters of eighty|0.75 of 80 is 60.",
      "what is two thirds of ninety|Two thirds of 90 is 60.",
      "what is one hundred divided by eight|100 divided by 8 is 12.5.",
      "divide one hundred by four|100 divided by 4 is 25.",
      "what is ten over four|10 divided by 4 is 2.5.",
      "what is the cube root of twenty seven|The cube root of 27 is 3.",
      "what is the fourth root of sixteen|The 4th root of 16 is 2.",
      "how much is 1,250 divided by 5?|1250 divided by 5 is 250.",
      "What is 12.5 times 8?|12.5 times 8 is 100.",
      "Calculate 3 + 4 * 2.|3 plus 4 times 2 is 11.",
      "what is one million times three|1000000 times 3 is 3000000.",
      "what is four billion divided by two|4000000000 divided by 2 is 2000000000.",
      "what is one divided by three|1 divided by 3 is about 0.333333.",
      "Hello there. I have a question. What is six times seven?|6 times 7 is 42.",
      "I'm doing my homework. Could you tell me what nine plus ten is? Thanks.|9 plus 10 is 19.",
      "Quick one: what is 7 x 8? Just the number please.|7 times 8 is 56.",
      "what is the difference between twenty and eight|20 minus 8 is 12.",
      "multiply six by seven|6 times 7 is 42.",
      "how many times does four go into twenty|20 divided by 4 is 5.",
      "what is 10 mod 3|10 modulo 3 is 1.",
      "what is twenty one plus twenty one|21 plus 21 is 42.",
      "what is one hundred and five minus five|105 minus 5 is 100.",
      "please work out 2 plus 2 for me. I need it for a recipe.|2 plus 2 is 4."
  })
  void arithmeticAsPeopleSayAndTypeItIsAnswered(String question, String answer) throws Exception {
    assertThat(ask(question)).isEqualTo(answer);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Hello!|Nexus",
      "hi there|Nexus",
      "good morning|Nexus",
      "how are you|thank",
      "who are you|Nexus",
      "what's your name|Nexus",
      "are you a robot|Nexus",
      "what can you do|arithmetic",
      "help|/v1/documents",
      "how do I give you documents|/v1/documents",
      "thank you|",
      "thanks a lot|",
      "goodbye|",
      "ok bye|",
      "Hi! Who are you?|Nexus"
  })
  void smallTalkGetsAShortFriendlyReplyNeverTheRefusal(String message, String mentions) throws Exception {
    String reply = ask(message);
    assertThat(reply).isNotBlank().doesNotContain("sources").doesNotContain("material on that");
    assertThat(reply.length()).isLessThan(320);
    if (mentions != null) {
      assertThat(reply).containsIgnoringCase(mentions);
    }
    assertThat(ask(message)).as("deterministic").isEqualTo(reply);
  }

  @Test
  void theHelpReplyNamesTheToolsAndRepliesVaryFromTurnToTurn() throws Exception {
    String help = ask("What can you do?");
    assertThat(help).contains("do arithmetic").contains("tell you the time").contains("search your documents")
        .contains("search the web").contains("/v1/documents");
    Set<String> thanks = new HashSet<>();
    thanks.add(ask("thanks"));
    thanks.add(ask("what is 2 plus 2", "2 plus 2 is 4.", "thanks"));
    thanks.add(ask("hi", "Hello!", "what is 2 plus 2", "2 plus 2 is 4.", "thanks"));
    assertThat(thanks).as("three turns, three wordings").hasSize(3);
  }

  @Test
  void theRefusalIsOneSentenceSayingWhatTheEngineCanDoInstead() throws Exception {
    String none = ask("Who won the chess world championship in 1972?");
    assertThat(none).startsWith("I don't have any material on that yet").contains("arithmetic").endsWith(".");
    assertThat(none.substring(0, none.length() - 1)).doesNotContain(".").doesNotContain("?");
    JsonObject withSource = complete(new JsonObject().put("messages", new JsonArray()
        .add(new JsonObject().put("role", "system").put("content", "Bananas are yellow. They grow in bunches."))
        .add(new JsonObject().put("role", "user").put("content", "Who won the chess world championship in 1972?"))));
    String refusal = withSource.getJsonObject("message").getString("content");
    assertThat(refusal).startsWith("My sources don't cover that").contains("arithmetic").endsWith(".");
    assertThat(refusal.substring(0, refusal.length() - 1)).doesNotContain(".");
  }

  static JsonObject weatherTool() {
    return new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "get_weather")
        .put("description", "The weather in a city").put("parameters", new JsonObject().put("type", "object")
            .put("properties", new JsonObject()
                .put("city", new JsonObject().put("type", "string"))
                .put("date", new JsonObject().put("type", "string").put("format", "date"))
                .put("days", new JsonObject().put("type", "integer")))
            .put("required", new JsonArray().add("city"))));
  }

  static JsonObject toolCall(JsonObject choice) {
    assertThat(choice.getString("finish_reason")).isEqualTo("tool_calls");
    JsonObject call = choice.getJsonObject("message").getJsonArray("tool_calls").getJsonObject(0).getJsonObject("function");
    assertThat(call.getString("name")).isEqualTo("get_weather");
    return new JsonObject(call.getString("arguments"));
  }

  @Test
  void aForcedClientToolGetsArgumentsShapedByItsSchema() throws Exception {
    JsonObject forced = new JsonObject().put("type", "function").put("function", new JsonObject().put("name", "get_weather"));
    JsonObject args = toolCall(complete(new JsonObject().put("tools", new JsonArray().add(weatherTool()))
        .put("tool_choice", forced).put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", "What's the weather like in Paris tomorrow?")))));
    assertThat(args).isEqualTo(new JsonObject().put("city", "Paris")
        .put("date", LocalDate.now(ZoneOffset.UTC).plusDays(1).toString()));
    // as a speech recogniser writes it, with no tool_choice: the tool is named by the words
    JsonObject spoken = toolCall(complete(new JsonObject().put("tools", new JsonArray().add(weatherTool()))
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user")
            .put("content", "whats the weather in new york for the next three days")))));
    assertThat(spoken).isEqualTo(new JsonObject().put("city", "New York").put("days", 3));
  }

  @Test
  void declaringAClientToolDoesNotStopTheEngineFromDoingArithmetic() throws Exception {
    JsonObject choice = complete(new JsonObject().put("tools", new JsonArray().add(weatherTool()))
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "what is twelve times eight"))));
    assertThat(choice.getString("finish_reason")).isEqualTo("stop");
    assertThat(choice.getJsonObject("message").getString("content")).isEqualTo("12 times 8 is 96.");
  }

  /** One turn through the bus of {@code vertx}: the ChatResult. */
  static ChatResult turn(Vertx vertx, List<ChatMessage> messages) throws Exception {
    RequestContext context = RequestContext.newRequest("grounding-test");
    Promise<ChatResult> result = Promise.promise();
    ChatResult[] seen = new ChatResult[1];
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(context.streamAddress(), m -> {
      if (m.body() instanceof ChatResult r) {
        seen[0] = r;
      } else if (m.body() instanceof StreamEnd end) {
        if (seen[0] != null) {
          result.tryComplete(seen[0]);
        } else {
          result.tryFail("no result: " + end.message());
        }
      }
    });
    consumer.completion().await(5, TimeUnit.SECONDS);
    try {
      vertx.eventBus().request(Addresses.REASONING_CHAT, new ChatRequest(context, null, messages, List.of(), null, true,
          null, null, null)).await(10, TimeUnit.SECONDS);
      return result.future().await(30, TimeUnit.SECONDS);
    } finally {
      consumer.unregister();
    }
  }

  static final String SOURCE = "The river Loire is the longest river in France. It flows into the Atlantic Ocean.";

  @Test
  void theGroundedEngineSaysWhetherAnAnswerRestsOnItsSources() throws Exception {
    ChatResult found = turn(server.vertx(), List.of(ChatMessage.system(SOURCE),
        ChatMessage.user("Which is the longest river in France?")));
    assertThat(found.grounding()).isEqualTo(Grounding.GROUNDED);
    assertThat(found.grounded()).isTrue();
    assertThat(found.content()).contains("The river Loire is the longest river in France.");
    ChatResult missing = turn(server.vertx(), List.of(ChatMessage.system(SOURCE),
        ChatMessage.user("Who painted the Mona Lisa?")));
    assertThat(missing.grounding()).isEqualTo(Grounding.NOT_IN_SOURCES);
    assertThat(missing.grounded()).isFalse();
    assertThat(turn(server.vertx(), List.of(ChatMessage.user("thank you"))).grounding()).isEqualTo(Grounding.UNCHECKED);
    assertThat(turn(server.vertx(), List.of(ChatMessage.user("what is 6 times 7"))).grounding())
        .isEqualTo(Grounding.GROUNDED);
  }

  @Test
  void aGenerativeEngineIsAskedForTheSentinelWhichIsStrippedAndReported(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("reasoning.yaml"), "engine: openai\nengines:\n  openai:\n    base-url: http://127.0.0.1:"
        + server.port() + "/v1\n    model: nexus-grounded\n    retries: 0\n");
    var front = dev.nexus.TestSupport.startServer(dir);
    try {
      ChatResult found = turn(front.vertx(), List.of(ChatMessage.system(SOURCE),
          ChatMessage.user("Which is the longest river in France?")));
      assertThat(found.grounding()).isEqualTo(Grounding.GROUNDED);
      assertThat(found.content()).contains("The river Loire is the longest river in France.")
          .doesNotContain(LanguageModel.NOT_IN_SOURCES).doesNotContain("reply with exactly");
      ChatResult missing = turn(front.vertx(), List.of(ChatMessage.system(SOURCE),
          ChatMessage.user("Who painted the Mona Lisa?")));
      assertThat(missing.grounding()).isEqualTo(Grounding.NOT_IN_SOURCES);
      assertThat(missing.content()).isEqualTo(SourceCheck.REFUSAL);
      ChatResult unsourced = turn(front.vertx(), List.of(ChatMessage.user("hello")));
      assertThat(unsourced.grounding()).isEqualTo(Grounding.UNCHECKED);
      assertThat(unsourced.content()).contains("Nexus");
    } finally {
      front.stop().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSpokenQuestionInVoiceChatIsAnsweredWithTheNumber(@TempDir Path dir) throws Exception {
    Path wav = dir.resolve("question.wav");
    Path raw = dir.resolve("question.raw");
    // kal16, a little slower than its default: PocketSphinx (the default recogniser) hears its "eight" as eight
    run("flite", "-voice", "kal16", "--setf", "duration_stretch=1.3", "-t", "what is twelve times eight", "-o",
        wav.toString());
    run("sox", wav.toString(), "-r", "24000", "-b", "16", "-e", "signed-integer", "-c", "1", "-t", "raw", raw.toString());
    byte[] pcm = Files.readAllBytes(raw);
    assertThat(pcm.length).as("a second of speech at least").isGreaterThan(48_000);
    try (RealtimeClient rt = RealtimeClient.connect(client, server.port(), "model=gpt-realtime", null)) {
      rt.await("session.created", 10_000);
      rt.appendAudio(new byte[24_000], 4800);
      rt.appendAudio(pcm, 4800);
      rt.appendAudio(new byte[96_000], 4800);
      String heard = rt.await("conversation.item.input_audio_transcription.completed", 30_000).getString("transcript");
      JsonObject done = rt.await("response.done", 60_000);
      assertThat(done.getJsonObject("response").getString("status")).as(heard).isEqualTo("completed");
      String answer = rt.await("response.output_audio_transcript.done", 1000).getString("transcript");
      assertThat(answer.toLowerCase()).as("heard: " + heard).containsAnyOf("96", "ninety six", "ninety-six");
      assertThat(rt.all("response.output_audio.delta")).isNotEmpty();
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
