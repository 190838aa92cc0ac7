package dev.nexus.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.Codecs;
import dev.nexus.bus.PodcastOrder;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import dev.nexus.bus.Transcription;
import dev.nexus.bus.TranscriptionRequest;
import dev.nexus.client.RoutedServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The /mcp endpoint on its own (no node): its Streamable HTTP transport's answers to malformed and out-of-session
 * input, and its tools' answers to bad arguments and to registry tools that fail, time out or change — against real
 * bus consumers standing where the capabilities would.
 */
class McpEndpointTest {
  static final long TOOL_TIMEOUT_MS = 500;
  static Vertx vertx;
  static WebClient http;
  static McpEndpoint endpoint;
  /** The registry's tools as TOOLS_LIST answers them now. */
  static final AtomicReference<JsonArray> registry = new AtomicReference<>(new JsonArray());
  static final Map<String, JsonObject> episodes = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Codecs.register(vertx.eventBus());
    vertx.eventBus().consumer(Addresses.TOOLS_LIST, m -> m.reply(new JsonObject().put("data", registry.get())));
    vertx.eventBus().<ToolInvocation>consumer(Addresses.tool("echo"),
        m -> m.reply(ToolResult.ok("echo", "echoed " + m.body().arguments())));
    vertx.eventBus().<ToolInvocation>consumer(Addresses.tool("refuser"),
        m -> m.reply(new ToolResult("refuser", "the refuser refuses", true)));
    vertx.eventBus().<ToolInvocation>consumer(Addresses.tool("crasher"), m -> m.fail(500, "the crasher crashed"));
    vertx.eventBus().<ToolInvocation>consumer(Addresses.tool("sleeper"), m -> { }); // never answers
    vertx.eventBus().<TranscriptionRequest>consumer(Addresses.SPEECH_TRANSCRIBE, m -> m.reply(new Transcription(
        "heard " + m.body().audio().length + " bytes at " + m.body().rawSampleRate(), "en", 1500, null, null)));
    vertx.eventBus().<PodcastOrder>consumer(Addresses.PODCAST_CREATE, m -> {
      String id = "ep-" + m.body().value().replace(' ', '-');
      m.reply(new JsonObject().put("id", id));
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.PODCAST_GET, m -> {
      String id = m.body().getString("id");
      if ("ep-waves".equals(id) && !episodes.containsKey(id)) { // still being made: its progress follows
        episodes.put(id, new JsonObject().put("status", "rendering"));
        m.reply(new JsonObject().put("status", "writing"));
        vertx.setTimer(20, t -> {
          vertx.eventBus().publish(Addresses.podcastProgress(id), new JsonObject().put("status", "rendering")
              .put("percent", 60));
          episodes.put(id, new JsonObject().put("status", "ready").put("title", "Waves").put("duration_ms", 3000));
          vertx.eventBus().publish(Addresses.podcastProgress(id), new JsonObject().put("status", "ready")
              .put("percent", 100));
        });
        return;
      }
      m.reply(episodes.getOrDefault(id, new JsonObject().put("status", "failed").put("error", "unknown " + id))
          .copy());
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.PODCAST_AUDIO,
        m -> m.reply(Buffer.buffer("RIFF-of-" + m.body().getString("id"))));
    endpoint = new McpEndpoint(vertx, new McpEndpoint.Options(TOOL_TIMEOUT_MS, 5000, 5000, 64, 600_000));
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    endpoint.mount(router);
    http = RoutedServer.serve(vertx, router).http();
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      endpoint.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  static HttpRequest<Buffer> post(String session) throws Exception {
    HttpRequest<Buffer> request = http.post(McpEndpoint.PATH).putHeader("accept", "application/json, text/event-stream");
    return session == null ? request : request.putHeader(McpHttpTransport.SESSION_HEADER, session);
  }

  static String openSession() throws Exception {
    HttpResponse<Buffer> r = post(null).sendJsonObject(McpServerTest.initialize()).await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    String session = r.getHeader(McpHttpTransport.SESSION_HEADER);
    HttpResponse<Buffer> initialized = post(session).sendJsonObject(new JsonObject().put("jsonrpc", "2.0")
        .put("method", "notifications/initialized")).await(10, TimeUnit.SECONDS);
    assertThat(initialized.statusCode()).as("a notification is accepted without an answer").isEqualTo(202);
    return session;
  }

  /** The JSON-RPC response of a request answered as server-sent events: the last event's data. */
  static JsonObject request(String session, String method, JsonObject params) throws Exception {
    HttpResponse<Buffer> r = post(session).sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", 7)
        .put("method", method).put("params", params)).await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.getHeader("content-type")).startsWith("text/event-stream");
    List<String> data = r.bodyAsString().lines().filter(l -> l.startsWith("data: ")).toList();
    assertThat(data).as(r.bodyAsString()).isNotEmpty();
    return new JsonObject(data.get(data.size() - 1).substring("data: ".length()));
  }

  /** A tools/call's result. */
  static JsonObject call(String session, String tool, JsonObject arguments) throws Exception {
    JsonObject response = request(session, "tools/call", new JsonObject().put("name", tool)
        .put("arguments", arguments));
    assertThat(response.containsKey("result")).as(response.encode()).isTrue();
    return response.getJsonObject("result");
  }

  static String text(JsonObject result) throws Exception {
    return result.getJsonArray("content").stream().map(JsonObject.class::cast)
        .filter(c -> "text".equals(c.getString("type"))).map(c -> c.getString("text")).findFirst().orElse("");
  }

  static JsonObject tool(String name, String description) throws Exception {
    return new JsonObject().put("name", name).put("description", description)
        .put("parameters", new JsonObject().put("type", "object").put("properties", new JsonObject()));
  }

  static List<String> toolNames(String session) throws Exception {
    return request(session, "tools/list", new JsonObject()).getJsonObject("result").getJsonArray("tools").stream()
        .map(t -> ((JsonObject) t).getString("name")).toList();
  }

  static String errorMessage(HttpResponse<Buffer> r) throws Exception {
    return r.bodyAsJsonObject().getJsonObject("error").getString("message");
  }

  @Test
  void aPostWhoseAcceptLacksTheEventStreamIs406NamingTheAcceptHeader() throws Exception {
    HttpResponse<Buffer> r = http.post(McpEndpoint.PATH).putHeader("accept", "application/json")
        .sendJsonObject(McpServerTest.initialize()).await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(406);
    assertThat(errorMessage(r)).contains("Accept").contains("text/event-stream");
    HttpResponse<Buffer> none = http.post(McpEndpoint.PATH).sendJsonObject(McpServerTest.initialize())
        .await(10, TimeUnit.SECONDS);
    assertThat(none.statusCode()).as("no Accept header at all").isEqualTo(406);
    HttpResponse<Buffer> streamOnly = http.post(McpEndpoint.PATH).putHeader("accept", "text/event-stream")
        .sendJsonObject(McpServerTest.initialize()).await(10, TimeUnit.SECONDS);
    assertThat(streamOnly.statusCode()).as("no application/json").isEqualTo(406);
  }

  @Test
  void aBodyThatIsNotOneJsonRpcMessageIsAParseError400() throws Exception {
    HttpResponse<Buffer> garbage = post(null).sendBuffer(Buffer.buffer("{not json")).await(10, TimeUnit.SECONDS);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.bodyAsJsonObject().getJsonObject("error").getInteger("code")).isEqualTo(-32700);
    assertThat(errorMessage(garbage)).contains("not one JSON-RPC message");
    HttpResponse<Buffer> batch = post(null).sendJson(new JsonArray().add(McpServerTest.initialize()))
        .await(10, TimeUnit.SECONDS);
    assertThat(batch.statusCode()).as("a batch is not one message").isEqualTo(400);
    assertThat(errorMessage(batch)).contains("not one JSON-RPC message");
  }

  @Test
  void anInitializeWithMalformedParamsIs400NamingInitializeParams() throws Exception {
    HttpResponse<Buffer> r = post(null).sendJsonObject(McpServerTest.initialize()
        .put("params", new JsonObject().put("protocolVersion", new JsonArray().add(1))))
        .await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(errorMessage(r)).startsWith("initialize params");
  }

  @Test
  void aRequestWithoutASessionIdIs400AskingForIt() throws Exception {
    HttpResponse<Buffer> r = post(null).sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", 2)
        .put("method", "tools/list")).await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(errorMessage(r)).contains("Mcp-Session-Id");
  }

  @Test
  void deleteWithoutOrWithAnUnknownSessionIs404AndADeletedSessionIsGone() throws Exception {
    assertThat(http.delete(McpEndpoint.PATH).send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> unknown = http.delete(McpEndpoint.PATH).putHeader(McpHttpTransport.SESSION_HEADER, "nope")
        .send().await(10, TimeUnit.SECONDS);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(errorMessage(unknown)).contains("nope");
    String session = openSession();
    assertThat(http.delete(McpEndpoint.PATH).putHeader(McpHttpTransport.SESSION_HEADER, session).send()
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> after = post(session).sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", 3)
        .put("method", "ping")).await(10, TimeUnit.SECONDS);
    assertThat(after.statusCode()).isEqualTo(404);
    assertThat(errorMessage(after)).contains(session).contains("initialize again");
  }

  @Test
  void aSessionIdleLongerThanSessionIdleMsIsEndedAndThenAnswers404() throws Exception {
    McpEndpoint quick = new McpEndpoint(vertx, new McpEndpoint.Options(TOOL_TIMEOUT_MS, 5000, 5000, 8, 1));
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    quick.mount(router);
    RoutedServer quickServer = RoutedServer.serve(vertx, router);
    try {
      HttpResponse<Buffer> opened = quickServer.http().post(McpEndpoint.PATH)
          .putHeader("accept", "application/json, text/event-stream").sendJsonObject(McpServerTest.initialize())
          .await(10, TimeUnit.SECONDS);
      String session = opened.getHeader(McpHttpTransport.SESSION_HEADER);
      int status = 200;
      for (int i = 0; i < 50 && status != 404; i++) { // its sweeper runs each second; 1 ms idle is past at once
        Thread.sleep(200);
        status = quickServer.http().post(McpEndpoint.PATH)
            .putHeader("accept", "application/json, text/event-stream")
            .putHeader(McpHttpTransport.SESSION_HEADER, session)
            .sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("method", "notifications/initialized"))
            .await(10, TimeUnit.SECONDS).statusCode();
        assertThat(status).as("accepted while alive, 404 once ended").isIn(202, 404);
      }
      assertThat(status).as("the idle session was ended").isEqualTo(404);
    } finally {
      quickServer.server().close().await(10, TimeUnit.SECONDS);
      quick.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClientResponseToNoRequestOfTheServerIs400NamingItsId() throws Exception {
    String session = openSession();
    HttpResponse<Buffer> r = post(session).sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", "s-1")
        .put("result", new JsonObject())).await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(errorMessage(r)).contains("s-1");
  }

  @Test
  void speakTranscribeAndSearchNameTheFieldOfEachBadArgument() throws Exception {
    String session = openSession();
    JsonObject missing = call(session, "speak", new JsonObject());
    assertThat(missing.getBoolean("isError")).isTrue();
    assertThat(text(missing)).as("the schema check names the field").contains("'text'");
    assertThat(text(call(session, "speak", new JsonObject().put("text", "   "))))
        .isEqualTo("'text' must be a non-empty string");
    JsonObject tooLong = call(session, "speak", new JsonObject().put("text", "a".repeat(4097)));
    assertThat(tooLong.getBoolean("isError")).isTrue();
    assertThat(text(tooLong)).isEqualTo("'text' is 4097 characters; the limit is 4096");
    assertThat(text(call(session, "speak", new JsonObject().put("text", "hi").put("voice", 3))))
        .contains("/voice");
    assertThat(text(call(session, "speak", new JsonObject().put("text", "hi").put("sample_rate", 96000))))
        .isEqualTo("'sample_rate' must be an integer from 8000 to 48000");
    assertThat(text(call(session, "transcribe", new JsonObject().put("audio", "%%%"))))
        .startsWith("'audio' is not base64");
    assertThat(text(call(session, "transcribe", new JsonObject().put("audio", "AAAA").put("sample_rate", 4000))))
        .isEqualTo("'sample_rate' must be an integer from 8000 to 48000");
    assertThat(text(call(session, "search_documents", new JsonObject().put("query", ""))))
        .isEqualTo("'query' must be a non-empty string");
  }

  @Test
  void transcribeHandsRawPcmWithItsRateToRecognitionAndReturnsTheText() throws Exception {
    String session = openSession();
    String audio = Base64.getEncoder().encodeToString(new byte[3200]);
    JsonObject raw = call(session, "transcribe", new JsonObject().put("audio", audio).put("sample_rate", 8000)
        .put("language", "en"));
    assertThat(raw.getBoolean("isError")).isFalse();
    assertThat(text(raw)).isEqualTo("heard 3200 bytes at 8000");
    assertThat(raw.getJsonObject("structuredContent").getDouble("duration_seconds")).isEqualTo(1.5);
    assertThat(text(call(session, "transcribe", new JsonObject().put("audio", audio))))
        .as("without sample_rate the rate is the container's (0)").isEqualTo("heard 3200 bytes at 0");
  }

  @Test
  void registryToolsAreOfferedCalledAndTheirFailuresAndTimeoutsBecomeErrorResults() throws Exception {
    registry.set(new JsonArray().add(tool("echo", "echoes")).add(tool("refuser", "refuses"))
        .add(tool("crasher", "crashes")).add(tool("sleeper", "sleeps")).add(tool("ghost", "nobody serves it"))
        .add(tool("speak", "a registry tool named like an own tool is not offered twice")));
    String session = openSession();
    List<String> names = toolNames(session);
    assertThat(names).contains("echo", "refuser", "crasher", "sleeper", "ghost", "speak", "make_podcast");
    assertThat(names.stream().filter("speak"::equals).count()).isEqualTo(1);

    JsonObject echoed = call(session, "echo", new JsonObject().put("q", 1));
    assertThat(echoed.getBoolean("isError")).isFalse();
    assertThat(text(echoed)).isEqualTo("echoed {\"q\":1}");
    JsonObject refused = call(session, "refuser", null);
    assertThat(refused.getBoolean("isError")).isTrue();
    assertThat(text(refused)).isEqualTo("the refuser refuses");
    assertThat(text(call(session, "crasher", new JsonObject()))).isEqualTo("the tool crasher failed: the crasher crashed");
    assertThat(text(call(session, "sleeper", new JsonObject())))
        .isEqualTo("the tool sleeper gave no answer within " + TOOL_TIMEOUT_MS + " ms");
    assertThat(text(call(session, "ghost", new JsonObject()))).isEqualTo("the tool ghost is not registered now");
  }

  @Test
  void aRegistryToolThatChangesIsOfferedAnewAndOneThatGoesIsWithdrawn() throws Exception {
    registry.set(new JsonArray().add(tool("echo", "first words")).add(tool("crasher", "crashes")));
    String session = openSession();
    assertThat(toolNames(session)).contains("echo", "crasher");
    registry.set(new JsonArray().add(tool("echo", "second words")));
    JsonArray tools = request(session, "tools/list", new JsonObject()).getJsonObject("result").getJsonArray("tools");
    List<String> names = tools.stream().map(t -> ((JsonObject) t).getString("name")).toList();
    assertThat(names).contains("echo").doesNotContain("crasher");
    assertThat(tools.stream().map(JsonObject.class::cast).filter(t -> "echo".equals(t.getString("name")))
        .findFirst().orElseThrow().getString("description")).isEqualTo("second words");
  }

  @Test
  void makePodcastNamesABadFieldAndReportsAFailedEpisodeWithItsReason() throws Exception {
    String session = openSession();
    assertThat(text(call(session, "make_podcast", new JsonObject().put("topic", "tides").put("include_audio", "yes"))))
        .contains("/include_audio");
    JsonObject noSource = call(session, "make_podcast", new JsonObject().put("minutes", 2));
    assertThat(noSource.getBoolean("isError")).isTrue();
    assertThat(text(noSource)).contains("exactly one of 'topic', 'text' or 'url'");
    episodes.put("ep-storms", new JsonObject().put("status", "failed").put("error", "the writer gave up"));
    JsonObject failed = call(session, "make_podcast", new JsonObject().put("topic", "storms"));
    assertThat(failed.getBoolean("isError")).isTrue();
    assertThat(text(failed)).isEqualTo("the episode ep-storms failed: the writer gave up");
  }

  @Test
  void makePodcastAnswersAReadyEpisodeWithoutItsScriptWhenNoAudioIsAsked() throws Exception {
    String session = openSession();
    episodes.put("ep-tides", new JsonObject().put("status", "ready").put("title", "Tides").put("duration_ms", 65_000)
        .put("script", new JsonArray().add("line")));
    JsonObject ready = call(session, "make_podcast", new JsonObject().put("topic", "tides"));
    assertThat(ready.getBoolean("isError")).isFalse();
    assertThat(text(ready)).isEqualTo("The episode ep-tides \"Tides\" is ready: 65 s; its audio is GET "
        + "/v1/podcasts/ep-tides/audio");
    assertThat(ready.getJsonObject("structuredContent").containsKey("script")).isFalse();
    assertThat(ready.getJsonArray("content").size()).as("no audio content").isEqualTo(1);
  }

  @Test
  void makePodcastRelaysProgressToATokenAndReturnsTheAudioWhenAsked() throws Exception {
    String session = openSession();
    HttpResponse<Buffer> r = post(session).sendJsonObject(new JsonObject().put("jsonrpc", "2.0").put("id", 9)
        .put("method", "tools/call").put("params", new JsonObject().put("name", "make_podcast")
            .put("arguments", new JsonObject().put("topic", "waves").put("include_audio", true))
            .put("_meta", new JsonObject().put("progressToken", "tok-1")))).await(10, TimeUnit.SECONDS);
    List<JsonObject> events = r.bodyAsString().lines().filter(l -> l.startsWith("data: "))
        .map(l -> new JsonObject(l.substring("data: ".length()))).toList();
    List<JsonObject> progress = events.stream().filter(e -> "notifications/progress".equals(e.getString("method")))
        .map(e -> e.getJsonObject("params")).toList();
    assertThat(progress).extracting(p -> p.getDouble("progress")).containsExactly(60.0, 100.0);
    assertThat(progress).allSatisfy(p -> assertThat(p.getString("progressToken")).isEqualTo("tok-1"));
    JsonObject result = events.get(events.size() - 1).getJsonObject("result");
    assertThat(result.getBoolean("isError")).isFalse();
    JsonObject audio = result.getJsonArray("content").stream().map(JsonObject.class::cast)
        .filter(c -> "audio".equals(c.getString("type"))).findFirst().orElseThrow();
    assertThat(audio.getString("mimeType")).isEqualTo("audio/wav");
    assertThat(new String(Base64.getDecoder().decode(audio.getString("data")))).isEqualTo("RIFF-of-ep-waves");
  }

  @Test
  void speakWithoutASynthesisStageSaysTheCapabilityIsNotAvailable() throws Exception {
    JsonObject result = call(openSession(), "speak", new JsonObject().put("text", "hello there"));
    assertThat(result.getBoolean("isError")).isTrue();
    assertThat(text(result)).startsWith("the speak capability is not available on this server right now");
  }
}
