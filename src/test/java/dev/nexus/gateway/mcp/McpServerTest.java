package dev.nexus.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.client.NodeClient;
import dev.nexus.podcast.PodcastServerTest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nexus as an MCP server at /mcp: the official TypeScript SDK's client, and the keys that guard the endpoint. */
class McpServerTest {
  static final String TOOLS_KEY = "tools-key-123456";
  static final String CHAT_KEY = "chat-key-1234567";
  static final String SENTENCE = "The train to the city leaves at half past seven every morning.";
  static final int MAX_SESSIONS = 12;
  static TestSupport.Running nexus;

  @BeforeAll
  static void start() throws Exception {
    Path config = Files.createTempDirectory("nexus-mcp-server");
    Path keys = config.resolve("keys.txt");
    Files.writeString(keys, TOOLS_KEY + " tools,documents mcp-client\n" + CHAT_KEY + " chat chat-only\n");
    Files.writeString(config.resolve("gateway.yaml"), "mcp:\n  max-sessions: " + MAX_SESSIONS + "\n");
    nexus = TestSupport.running(config, Map.of("NEXUS_API_KEYS_FILE", keys.toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (nexus != null) {
      nexus.close();
    }
  }

  static HttpRequest<Buffer> post(String key) {
    HttpRequest<Buffer> request = nexus.http().post(McpEndpoint.PATH)
        .putHeader("accept", "application/json, text/event-stream");
    return key == null ? request : request.bearerTokenAuthentication(key);
  }

  static JsonObject initialize() {
    return new JsonObject().put("jsonrpc", "2.0").put("id", 1).put("method", "initialize").put("params",
        new JsonObject().put("protocolVersion", "2025-06-18").put("capabilities", new JsonObject())
            .put("clientInfo", new JsonObject().put("name", "test").put("version", "1")));
  }

  @Test
  void theTypeScriptClientListsToolsSpeaksTranscribesSearchesAndGetsAPodcastWithProgress() throws Exception {
    HttpResponse<Buffer> added = nexus.http().post("/v1/documents").bearerTokenAuthentication(TOOLS_KEY)
        .sendJsonObject(new JsonObject().put("title", "Harbour notes")
            .put("text", "The lighthouse on Gull Rock was painted red and white in 1931."))
        .await(120, TimeUnit.SECONDS);
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(201);

    JsonObject r = NodeClient.run("mcp-client.mjs", "http://127.0.0.1:" + nexus.server().port() + McpEndpoint.PATH,
        TOOLS_KEY, SENTENCE, PodcastServerTest.SOURCE, "what colour is the lighthouse");

    assertThat(r.getString("session")).as("the server gave a session id").isNotBlank();
    assertThat(r.getJsonArray("tools").getList()).contains("speak", "transcribe", "make_podcast", "search_documents",
        "calculator", "clock", "document_search");

    JsonObject speak = r.getJsonObject("speak");
    assertThat(speak.getBoolean("isError")).isFalse();
    assertThat(speak.getString("mimeType")).isEqualTo("audio/wav");
    assertThat(speak.getString("riff")).isEqualTo("RIFF");
    assertThat(speak.getInteger("bytes")).as("over a second of 16 kHz speech").isGreaterThan(32_000);

    JsonObject transcribe = r.getJsonObject("transcribe");
    assertThat(transcribe.getBoolean("isError")).as(transcribe.encode()).isFalse();
    List<String> heard = List.of(transcribe.getString("text").toLowerCase(Locale.ROOT).split("\\W+"));
    long words = List.of("train", "city", "leaves", "half", "past", "seven", "morning").stream()
        .filter(heard::contains).count();
    assertThat(words).as("words of the spoken sentence heard back: " + heard).isGreaterThanOrEqualTo(4);

    JsonObject bad = r.getJsonObject("badTranscribe");
    assertThat(bad.getBoolean("isError")).isTrue();
    assertThat(bad.getString("text")).contains("'audio'");

    JsonObject search = r.getJsonObject("search");
    assertThat(search.getBoolean("isError")).isFalse();
    assertThat(search.getString("text")).contains("Gull Rock");

    JsonObject podcast = r.getJsonObject("podcast");
    assertThat(podcast.getBoolean("isError")).as(podcast.encode()).isFalse();
    assertThat(podcast.getString("status")).isEqualTo("ready");
    assertThat(podcast.getString("audio")).as("include_audio brings the WAV").isEqualTo("audio/wav");
    JsonArray progress = r.getJsonArray("progress");
    assertThat(progress.size()).as("progress notifications").isGreaterThanOrEqualTo(1);
    double last = -1;
    for (Object p : progress) {
      JsonObject step = (JsonObject) p;
      assertThat(step.getDouble("total")).isEqualTo(100.0);
      assertThat(step.getDouble("progress")).isGreaterThanOrEqualTo(last);
      last = step.getDouble("progress");
    }
  }

  @Test
  void withoutAKeyItIs401AndAKeyWithoutTheToolsRightIs403() throws Exception {
    HttpResponse<Buffer> none = post(null).sendJsonObject(initialize()).await(10, TimeUnit.SECONDS);
    assertThat(none.statusCode()).isEqualTo(401);
    HttpResponse<Buffer> chat = post(CHAT_KEY).sendJsonObject(initialize()).await(10, TimeUnit.SECONDS);
    assertThat(chat.statusCode()).isEqualTo(403);
    assertThat(chat.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("tools");
    HttpResponse<Buffer> tools = post(TOOLS_KEY).sendJsonObject(initialize()).await(10, TimeUnit.SECONDS);
    assertThat(tools.statusCode()).as(tools.bodyAsString()).isEqualTo(200);
    assertThat(tools.getHeader("mcp-session-id")).isNotBlank();
    assertThat(tools.bodyAsJsonObject().getJsonObject("result").getJsonObject("serverInfo").getString("name"))
        .isEqualTo("nexus");
  }

  @Test
  void aRequestOutsideASessionIsRefusedAndAnEndedSessionIsGone() throws Exception {
    JsonObject list = new JsonObject().put("jsonrpc", "2.0").put("id", 2).put("method", "tools/list");
    assertThat(post(TOOLS_KEY).sendJsonObject(list).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(400);
    assertThat(post(TOOLS_KEY).putHeader("mcp-session-id", "no-such-session").sendJsonObject(list)
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    String session = post(TOOLS_KEY).sendJsonObject(initialize()).await(10, TimeUnit.SECONDS)
        .getHeader("mcp-session-id");
    HttpResponse<Buffer> listed = post(TOOLS_KEY).putHeader("mcp-session-id", session).sendJsonObject(list)
        .await(30, TimeUnit.SECONDS);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.getHeader("content-type")).startsWith("text/event-stream");
    assertThat(listed.bodyAsString()).contains("\"speak\"").contains("\"make_podcast\"");
    assertThat(nexus.http().delete(McpEndpoint.PATH).bearerTokenAuthentication(TOOLS_KEY)
        .putHeader("mcp-session-id", session).send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(post(TOOLS_KEY).putHeader("mcp-session-id", session).sendJsonObject(list)
        .await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
    assertThat(nexus.http().get(McpEndpoint.PATH).bearerTokenAuthentication(TOOLS_KEY)
        .putHeader("accept", "text/event-stream").send().await(10, TimeUnit.SECONDS).statusCode())
        .as("no server-initiated stream").isEqualTo(405);
  }

  @Test
  void anInitializeBeyondTheSessionLimitIs503UntilASessionEnds() throws Exception {
    List<String> opened = new ArrayList<>();
    HttpResponse<Buffer> refused = null;
    for (int i = 0; i <= MAX_SESSIONS && refused == null; i++) {
      HttpResponse<Buffer> r = post(TOOLS_KEY).sendJsonObject(initialize()).await(10, TimeUnit.SECONDS);
      if (r.statusCode() == 200) {
        opened.add(r.getHeader("mcp-session-id"));
      } else {
        refused = r;
      }
    }
    assertThat(refused).as("an initialize past " + MAX_SESSIONS + " sessions is refused").isNotNull();
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.bodyAsString()).contains(String.valueOf(MAX_SESSIONS));
    for (String session : opened) {
      nexus.http().delete(McpEndpoint.PATH).bearerTokenAuthentication(TOOLS_KEY).putHeader("mcp-session-id", session)
          .send().await(10, TimeUnit.SECONDS);
    }
    assertThat(post(TOOLS_KEY).sendJsonObject(initialize()).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
  }
}
