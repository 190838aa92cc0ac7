package dev.nexus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.client.RealtimeClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MCP servers as tool sources, against the real npm servers: server-everything and server-filesystem over stdio
 * (started by Nexus from tools.yaml, as a user would start them) and server-everything over Streamable HTTP.
 */
class McpToolsTest {
  static final Path BIN = Path.of("src/test/node/node_modules/.bin").toAbsolutePath();
  static Process httpServer;
  static TestSupport.Running nexus;
  static Path files;

  @BeforeAll
  static void start() throws Exception {
    assertThat(BIN.resolve("mcp-server-everything")).as("npm install ran in src/test/node").exists();
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    httpServer = startHttpServer(port);
    files = Files.createTempDirectory("nexus-mcp-files");
    Files.writeString(files.resolve("hello.txt"), "The lighthouse keeper counts 17 ships.");
    Path config = Files.createTempDirectory("nexus-mcp-config");
    Files.writeString(config.resolve("tools.yaml"), """
        max-answer-chars: 2000
        mcp:
          call-timeout-ms: 1500
          ping-interval-ms: 300
          restart-backoff-ms: 200
          servers:
            everything:
              command: %s
              args: [stdio]
            files:
              command: %s
              args: ["%s"]
            web:
              url: http://127.0.0.1:%d/mcp
        """.formatted(BIN.resolve("mcp-server-everything"), BIN.resolve("mcp-server-filesystem"), files, port));
    nexus = TestSupport.running(config);
  }

  static Process startHttpServer(int port) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(BIN.resolve("mcp-server-everything").toString(), "streamableHttp")
        .redirectErrorStream(true);
    builder.environment().put("PORT", String.valueOf(port));
    Process process = builder.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null && !line.contains("listening")) {
      // wait for the server to say it listens
    }
    assertThat(line).as("the Streamable HTTP server started").isNotNull();
    Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
    drain.setDaemon(true);
    drain.start();
    return process;
  }

  @AfterAll
  static void stop() throws Exception {
    if (nexus != null) {
      nexus.close();
    }
    if (httpServer != null) {
      httpServer.destroy();
      httpServer.waitFor(10, TimeUnit.SECONDS);
    }
  }

  static JsonArray tools() throws Exception {
    return nexus.http().get("/v1/tools").send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("data");
  }

  static Optional<JsonObject> tool(String name) throws Exception {
    return tools().stream().map(JsonObject.class::cast).filter(t -> t.getString("name").equals(name)).findFirst();
  }

  static JsonObject awaitTool(String name) throws Exception {
    for (int i = 0; i < 300; i++) {
      Optional<JsonObject> found = tool(name);
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("tool " + name + " never appeared; tools: " + tools().stream()
        .map(t -> ((JsonObject) t).getString("name")).toList());
  }

  static HttpResponse<Buffer> call(String name, JsonObject arguments) throws Exception {
    return nexus.http().post("/v1/tools/" + name).sendJsonObject(arguments).await(30, TimeUnit.SECONDS);
  }

  @Test
  void toolsOfEveryServerAreListedWithTheirSourceAndSchema() throws Exception {
    JsonObject echo = awaitTool("everything.echo");
    assertThat(echo.getString("source")).isEqualTo("mcp");
    assertThat(echo.getString("node")).isEqualTo("mcp:everything");
    assertThat(echo.getJsonObject("parameters").getJsonObject("properties").containsKey("message")).isTrue();
    assertThat(awaitTool("files.read_text_file").getString("source")).isEqualTo("mcp");
    assertThat(awaitTool("web.get-sum").getString("node")).isEqualTo("mcp:web");
    assertThat(awaitTool("calculator").getString("source")).isEqualTo("builtin");
  }

  @Test
  void aDirectCallReachesTheStdioAndTheHttpServers() throws Exception {
    awaitTool("files.read_text_file");
    HttpResponse<Buffer> read = call("files.read_text_file",
        new JsonObject().put("path", files.resolve("hello.txt").toString()));
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("content")).contains("17 ships");

    awaitTool("web.get-sum");
    HttpResponse<Buffer> sum = call("web.get-sum", new JsonObject().put("a", 20).put("b", 22));
    assertThat(sum.statusCode()).as(sum.bodyAsString()).isEqualTo(200);
    assertThat(sum.bodyAsJsonObject().getString("content")).contains("42");
  }

  @Test
  void aServersErrorsAndRefusalsReachTheCallerAsErrors() throws Exception {
    awaitTool("files.read_text_file");
    HttpResponse<Buffer> outside = call("files.read_text_file", new JsonObject().put("path", "/etc/passwd"));
    assertThat(outside.statusCode()).isEqualTo(422);
    assertThat(outside.bodyAsJsonObject().getBoolean("error")).isTrue();
    assertThat(outside.bodyAsJsonObject().getString("content")).containsIgnoringCase("denied");
  }

  @Test
  void anAnswerOverTheSizeLimitBecomesAnError() throws Exception {
    awaitTool("everything.echo");
    HttpResponse<Buffer> small = call("everything.echo", new JsonObject().put("message", "hello"));
    assertThat(small.bodyAsJsonObject().getString("content")).isEqualTo("Echo: hello");
    HttpResponse<Buffer> big = call("everything.echo", new JsonObject().put("message", "x".repeat(3000)));
    assertThat(big.statusCode()).isEqualTo(422);
    assertThat(big.bodyAsJsonObject().getString("content")).contains("the limit is 2000");
  }

  @Test
  void aToolThatHangsTimesOutAndTheCallerIsTold() throws Exception {
    awaitTool("web.trigger-long-running-operation");
    HttpResponse<Buffer> slow = call("web.trigger-long-running-operation",
        new JsonObject().put("duration", 20).put("steps", 2));
    assertThat(slow.statusCode()).as(slow.bodyAsString()).isEqualTo(422);
    assertThat(slow.bodyAsJsonObject().getString("content")).contains("no answer within 1500 ms");
  }

  @Test
  void killingTheStdioServerWithdrawsItsToolsUntilItIsStartedAgain() throws Exception {
    awaitTool("everything.echo");
    ProcessHandle child = ProcessHandle.current().descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("mcp-server-everything")
            && p.info().commandLine().orElse("").contains("stdio"))
        .findFirst().orElseThrow(() -> new AssertionError("the stdio server is a child of Nexus"));
    child.destroyForcibly();
    child.onExit().get(10, TimeUnit.SECONDS);
    boolean withdrawn = false;
    for (int i = 0; i < 100 && !withdrawn; i++) {
      withdrawn = tool("everything.echo").isEmpty();
      if (!withdrawn) {
        Thread.sleep(20);
      }
    }
    assertThat(withdrawn).as("everything.echo withdrawn once its server died").isTrue();
    assertThat(tool("files.read_text_file")).as("the other servers' tools stay").isPresent();

    awaitTool("everything.echo");
    assertThat(call("everything.echo", new JsonObject().put("message", "back")).bodyAsJsonObject()
        .getString("content")).isEqualTo("Echo: back");
    assertThat(ProcessHandle.current().descendants().anyMatch(p -> p.pid() != child.pid()
        && p.info().commandLine().orElse("").contains("mcp-server-everything"))).isTrue();
  }

  @Test
  void aChatCompletionCallsAnMcpToolThatToolChoiceForces() throws Exception {
    awaitTool("everything.echo");
    JsonObject request = new JsonObject().put("model", "nexus-grounded")
        .put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", "ahoy from the bay")))
        .put("tool_choice", new JsonObject().put("type", "function")
            .put("function", new JsonObject().put("name", "everything.echo")));
    HttpResponse<Buffer> reply = nexus.http().post("/v1/chat/completions").sendJsonObject(request)
        .await(60, TimeUnit.SECONDS);
    assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(200);
    String answer = reply.bodyAsJsonObject().getJsonArray("choices").getJsonObject(0).getJsonObject("message")
        .getString("content");
    assertThat(answer).contains("everything.echo").contains("Echo: ahoy from the bay");
  }

  @Test
  void aRealtimeSessionsModelCallsAnMcpToolItsWordsName() throws Exception {
    awaitTool("everything.echo");
    try (RealtimeClient rt = RealtimeClient.connect(nexus.client(), nexus.server().port(), "model=gpt-realtime",
        null)) {
      rt.await("session.created", 10_000);
      rt.send(new JsonObject().put("type", "session.update").put("session", new JsonObject().put("type", "realtime")
          .put("output_modalities", new JsonArray().add("text"))));
      rt.await("session.updated", 10_000);
      rt.send(new JsonObject().put("type", "conversation.item.create").put("item", new JsonObject()
          .put("type", "message").put("role", "user").put("content", new JsonArray().add(new JsonObject()
              .put("type", "input_text").put("text", "echo ahoy from the bay")))));
      rt.send(new JsonObject().put("type", "response.create"));
      JsonObject ran = rt.await("nexus.tool.result", 60_000);
      assertThat(ran.getString("name")).isIn("everything.echo", "web.echo"); // the stdio or the HTTP server's
      assertThat(ran.getString("output")).isEqualTo("Echo: echo ahoy from the bay");
      assertThat(ran.getBoolean("error")).isFalse();
      JsonObject text = rt.await("response.output_text.done", 60_000);
      assertThat(text.getString("text")).contains("Echo: echo ahoy from the bay");
    }
  }
}
