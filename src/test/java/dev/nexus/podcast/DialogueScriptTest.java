package dev.nexus.podcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Episodes written as dialogue by a language model: the reasoning stage talks to an OpenAI-compatible endpoint this
 * test runs, which plans an outline and writes each segment's turns as a model would, in each style; once with
 * malformed JSON (repaired on the second request) and once with facts the source does not have (the segment falls
 * back to questions and answers from the source).
 */
class DialogueScriptTest {
  static final String OUTLINE = new JsonObject().put("title", "The keeper of Cape Mora").put("segments", new JsonArray()
      .add(new JsonObject().put("title", "The storm").put("points", new JsonArray().add("When was the lighthouse built?")
          .add("What did Ada Varga do during the great storm?")))
      .add(new JsonObject().put("title", "The medal").put("points", new JsonArray().add("How was Ada thanked?")
          .add("How does the lighthouse run today?")))).encode();
  static final JsonArray BRIEF_STORM = turns("Alex", "Sam, when was the lighthouse at Cape Mora built?",
      "Sam", "In 1852, on a cliff of black basalt.",
      "Alex", "And who kept it?",
      "Sam", "Ada Varga. She kept the lamp burning for forty years.",
      "Alex", "Forty years. Then came the storm of 1901.",
      "Sam", "The clockwork failed, so Ada turned the lens by hand all night, and eleven fishing boats found the harbour.");
  static final JsonArray BRIEF_MEDAL = turns("Alex", "What happened to Ada after that night?",
      "Sam", "The village gave her a silver medal, and it still hangs in the museum beside her logbook.",
      "Alex", "And the lighthouse today?",
      "Sam", "It runs on solar power with an automatic lamp. Visitors can climb its hundred and twelve steps in summer.",
      "Alex", "Short and sweet. Ada Varga retired in 1912.");
  static final JsonArray DEEP_STORM = turns("Alex", "Sam, take us back to 1852. Why build a lighthouse at Cape Mora?",
      "Sam", "It stands on a cliff of black basalt above the harbour. Its keeper, Ada Varga, kept the lamp burning for "
          + "forty years.",
      "Alex", "Forty years is a long time. What made her famous, though?",
      "Sam", "The great storm of 1901. The lamp's clockwork failed, so she turned the lens by hand all night.",
      "Alex", "By hand? Why did that matter so much?",
      "Sam", "Because eleven fishing boats found the harbour by her light.");
  static final JsonArray UNGROUNDED = turns("Alex", "Sam, the lighthouse goes back to 1750, doesn't it?",
      "Sam", "Yes, Captain Morgan built it after 300 ships were lost on the rocks.",
      "Alex", "And the keeper?",
      "Sam", "Ada Varga, who later sailed with Captain Morgan to the Azores and wrote a book about it.");
  static final JsonArray DEBATE_MEDAL = turns("Sam", "I'd argue Ada was the real hero: eleven fishing boats found the "
          + "harbour by her light, and the village gave her a silver medal.",
      "Alex", "I'll take the other side. Today the lighthouse runs on solar power and an automatic lamp, so a keeper "
          + "is no longer needed.",
      "Sam", "Machines fail too. In 1901 the clockwork failed, and only a keeper could turn the lens by hand.",
      "Alex", "Fair, but that was one night in forty years.");

  static Vertx upstreamVertx;
  static final List<JsonArray> requests = new CopyOnWriteArrayList<>();
  static TestSupport.Running running;

  static JsonArray turns(String... hostText) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < hostText.length; i += 2) {
      out.add(new JsonObject().put("host", hostText[i]).put("text", hostText[i + 1]));
    }
    return out;
  }

  @BeforeAll
  static void start() throws Exception {
    upstreamVertx = Vertx.vertx();
    HttpServer upstream = upstreamVertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      JsonArray messages = body.toJsonObject().getJsonArray("messages");
      requests.add(messages);
      answer(req, messages);
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    Path config = Files.createTempDirectory("nexus-dialogue");
    Files.writeString(config.resolve("reasoning.yaml"), """
        engine: openai
        engines:
          openai:
            base-url: http://127.0.0.1:%d/v1/
            model: upstream-model
            timeout-ms: 20000
            retries: 0
            breaker-failures: 0
        """.formatted(upstream.actualPort()));
    running = TestSupport.running(config);
  }

  @AfterAll
  static void stop() throws Exception {
    running.close();
    upstreamVertx.close().await(10, TimeUnit.SECONDS);
  }

  /** The model: an outline, then each segment's dialogue by the style the prompt asks for; answers from the source. */
  static void answer(HttpServerRequest req, JsonArray messages) {
    String system = messages.getJsonObject(0).getString("content");
    String user = messages.getJsonObject(messages.size() - 1).getString("content");
    boolean repair = user.startsWith("Your last answer");
    boolean storm = user.contains("Segment: The storm");
    String content;
    if (system.startsWith("You plan")) {
      content = OUTLINE;
    } else if (system.startsWith("You write the dialogue") && system.contains("short and direct")) {
      content = "```json\n" + (storm ? BRIEF_STORM : BRIEF_MEDAL).encodePrettily() + "\n```";
    } else if (system.startsWith("You write the dialogue") && system.contains("deep dive")) {
      String good = (storm ? DEEP_STORM : BRIEF_MEDAL).encode();
      content = storm && !repair ? "Here you go: " + good.substring(0, good.length() - 2) + "]" : good; // a lost brace
    } else if (system.startsWith("You write the dialogue")) {
      content = (storm ? UNGROUNDED : DEBATE_MEDAL).encode();
    } else { // a host's answer to a question, from the source
      content = user.contains("1852") || user.contains("built")
          ? "The lighthouse at Cape Mora was built in 1852 on a cliff of black basalt."
          : "During the great storm of 1901 the lamp's clockwork failed, and Ada turned the lens by hand all night.";
    }
    req.response().setChunked(true).putHeader("content-type", "text/event-stream");
    req.response().write("data: " + new JsonObject().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("delta", new JsonObject().put("role", "assistant").put("content", content)).putNull("finish_reason")))
        .encode() + "\n\n");
    req.response().end("data: " + new JsonObject().put("choices", new JsonArray().add(new JsonObject().put("index", 0)
        .put("delta", new JsonObject()).put("finish_reason", "stop"))).encode() + "\n\ndata: [DONE]\n\n");
  }

  /** Makes an episode and returns its status once ready (with the script). */
  static JsonObject make(String style) throws Exception {
    HttpResponse<Buffer> created = running.http().post("/v1/podcasts").sendJsonObject(new JsonObject()
        .put("text", PodcastServerTest.SOURCE).put("minutes", 1).put("style", style)).await(30, TimeUnit.SECONDS);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(202);
    String id = created.bodyAsJsonObject().getString("id");
    for (int i = 0; i < 900; i++) {
      JsonObject status = running.http().get("/v1/podcasts/" + id).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      if ("ready".equals(status.getString("status"))) {
        return status;
      }
      assertThat(status.getString("status")).as(status.encode()).isIn("queued", "writing", "rendering");
      Thread.sleep(100);
    }
    throw new AssertionError("the episode was not ready in 90 s");
  }

  static List<PodcastScript.Turn> segment(JsonObject status, int index) {
    return PodcastScript.fromJson(status.getJsonObject("script").encode()).segments().get(index).turns();
  }

  static List<JsonArray> dialogueRequests(String marker) {
    return requests.stream().filter(m -> m.getJsonObject(0).getString("content").startsWith("You write the dialogue")
        && m.getJsonObject(0).getString("content").contains(marker)).toList();
  }

  static void assertSameTurns(List<PodcastScript.Turn> turns, JsonArray expected) {
    assertThat(turns.stream().map(t -> new JsonObject().put("host", t.host()).put("text", t.text())).toList())
        .isEqualTo(expected.getList().stream().map(o -> (JsonObject) o).toList());
  }

  @Test
  void aBriefEpisodeIsTheModelsShortDirectDialogueWithEachHostsPersona() throws Exception {
    JsonObject status = make("brief");
    List<PodcastScript.Turn> storm = segment(status, 0);
    assertThat(storm.get(0).text()).startsWith("Welcome to the show");
    assertSameTurns(storm.subList(1, storm.size()), BRIEF_STORM);
    List<PodcastScript.Turn> medal = segment(status, 1);
    assertSameTurns(medal.subList(0, medal.size() - 1), BRIEF_MEDAL);
    String prompt = dialogueRequests("short and direct").get(0).getJsonObject(0).getString("content");
    assertThat(prompt).contains("- Alex: the curious host who asks the questions")
        .contains("- Sam: the expert who has read the source closely").contains("JSON array");
    assertThat(status.getString("note")).as("about a minute of dialogue was asked for and written").isNull();
  }

  @Test
  void aDeepDiveWhoseFirstAnswerIsMalformedIsRepairedOnceAndAsksFollowUps() throws Exception {
    JsonObject status = make("deep_dive");
    List<PodcastScript.Turn> storm = segment(status, 0);
    assertSameTurns(storm.subList(1, storm.size()), DEEP_STORM);
    List<JsonArray> asked = dialogueRequests("deep dive");
    assertThat(asked).hasSize(3); // the storm, its repair, the medal
    String repair = asked.get(1).getJsonObject(asked.get(1).size() - 1).getString("content");
    assertThat(repair).startsWith("Your last answer could not be used: malformed JSON");
    assertThat(asked.get(0).getJsonObject(0).getString("content")).contains("follow-up questions");
  }

  @Test
  void aDebateSegmentWithFactsTheSourceLacksFallsBackToQuestionsAndAnswersAndTheNextIsTheDebate() throws Exception {
    JsonObject status = make("debate");
    List<PodcastScript.Turn> storm = segment(status, 0);
    assertThat(storm).noneMatch(t -> t.text().contains("1750") || t.text().contains("Morgan"));
    assertThat(storm.get(1).text()).isEqualTo("Sam, when was the lighthouse built?");
    assertThat(storm.get(2).text()).isEqualTo("The lighthouse at Cape Mora was built in 1852 on a cliff of black basalt.");
    List<JsonArray> asked = dialogueRequests("takes the opposing side");
    assertThat(asked.get(0).getJsonObject(0).getString("content")).contains("Sam argues for")
        .contains("Alex takes the opposing side");
    String repair = asked.get(1).getJsonObject(asked.get(1).size() - 1).getString("content");
    assertThat(repair).contains("says 1750, which the source does not");
    List<PodcastScript.Turn> medal = segment(status, 1);
    assertSameTurns(medal.subList(0, medal.size() - 1), DEBATE_MEDAL);
  }
}
