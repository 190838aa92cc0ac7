package dev.nexus.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.client.RealtimeClient;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nexus on Hazelcast, three and four JVMs on 127.0.0.1: a gateway-only node serves speech, chat and
 * transcription handled on an inference-only node; a plugin on a third node becomes callable; losing
 * the inference node fails the turn with an error naming the stage, and once another inference node
 * joins the next turn is served by it, on the same realtime session.
 */
class ClusterIT {
  private final List<Process> nodes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private Vertx client;

  @AfterEach
  void stop() throws Exception {
    for (Process p : nodes) {
      p.destroyForcibly();
    }
    for (Process p : nodes) {
      p.waitFor(20, TimeUnit.SECONDS);
    }
    if (client != null) {
      client.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Starts a node: {@code java [agent] -cp nexus.jar:test-classes dev.nexus.Main serve ARGS}. */
  private Process node(String name, List<String> args) throws Exception {
    Path jar = Path.of(System.getProperty("nexus.jar", "target/nexus.jar"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    String agent = System.getProperty("nexus.it.agent", "");
    if (agent.startsWith("-javaagent")) {
      command.add(agent);
    }
    command.addAll(List.of("-cp", jar + java.io.File.pathSeparator + "target/test-classes", "dev.nexus.Main", "serve"));
    command.addAll(args);
    Path log = Files.createTempFile("nexus-" + name, ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("NEXUS_DATA", Files.createTempDirectory("nexus-" + name).toString());
    builder.environment().put("NEXUS_MODELS", TestSupport.models().root().toString());
    Process process = builder.start();
    nodes.add(process);
    logs.add(log);
    return process;
  }

  private String logsText() throws Exception {
    StringBuilder all = new StringBuilder();
    for (Path log : logs) {
      List<String> lines = Files.readAllLines(log);
      all.append("==== ").append(log).append('\n')
          .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).append('\n');
    }
    return all.toString();
  }

  private void await(BooleanSupplier condition, int seconds, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError(what + " within " + seconds + " s\n" + logsText());
  }

  private static int status(WebClient http, String path) {
    try {
      return http.get(path).send().await(5, TimeUnit.SECONDS).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void aGatewayNodeServesRequestsHandledOnInferenceNodesAndSurvivesLosingOne() throws Exception {
    int http = freePort();
    int[] hz = {freePort(), freePort(), freePort(), freePort()};
    String members = "127.0.0.1:" + hz[0] + ",127.0.0.1:" + hz[1] + ",127.0.0.1:" + hz[2] + ",127.0.0.1:" + hz[3];
    List<String> cluster = List.of("--cluster", "--cluster-host", "127.0.0.1", "--cluster-members", members);
    Path gatewayConfig = Files.createTempDirectory("nexus-gateway-config");
    Files.writeString(gatewayConfig.resolve("gateway.yaml"), "realtime:\n  stage-timeout-ms: 4000\n");

    Process inference = node("inference-1", concat(cluster, "--cluster-port", String.valueOf(hz[0]), "--roles",
        "asr,tts,llm,podcast,tools"));
    node("gateway", concat(cluster, "--cluster-port", String.valueOf(hz[1]), "--roles", "gateway", "--port",
        String.valueOf(http), "--config", gatewayConfig.toString()));
    node("plugin", concat(cluster, "--cluster-port", String.valueOf(hz[2]), "--roles", "none", "--plugin",
        WordCountPlugin.class.getName()));

    client = Vertx.vertx();
    WebClient web = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(http));
    await(() -> status(web, "/health") == 200, 150, "the gateway's /health is 200 with the capabilities on another node");
    JsonObject health = web.get("/health").send().await(5, TimeUnit.SECONDS).bodyAsJsonObject();
    assertThat(health.getJsonObject("verticles").fieldNames()).contains("speech", "synthesis", "reasoning", "tools",
        "podcast");

    // speech, chat and transcription through the gateway, computed on the inference node
    HttpResponse<Buffer> speech = web.post("/v1/audio/speech").sendJsonObject(new JsonObject().put("model", "tts-1")
        .put("input", "Hello from another node.").put("voice", "nova")).await(30, TimeUnit.SECONDS);
    assertThat(speech.statusCode()).isEqualTo(200);
    assertThat(speech.body().length()).isGreaterThan(20_000);
    JsonObject chat = web.post("/v1/chat/completions").sendJsonObject(new JsonObject().put("model", "nexus-grounded")
        .put("messages", new JsonArray()
        .add(new JsonObject().put("role", "user").put("content", "What is 6 times 7?")))).await(30, TimeUnit.SECONDS)
        .bodyAsJsonObject();
    assertThat(chat.getJsonArray("choices")).as(chat.encode() + logsText()).isNotNull();
    assertThat(chat.getJsonArray("choices").getJsonObject(0).getJsonObject("message").getString("content")).contains("42");
    HttpResponse<Buffer> text = web.post("/v1/audio/transcriptions").sendMultipartForm(MultipartForm.create()
        .attribute("model", "whisper-1").binaryFileUpload("file", "jfk.flac", TestSupport.jfkFlac().toString(),
            "audio/flac")).await(60, TimeUnit.SECONDS);
    assertThat(text.bodyAsJsonObject().getString("text").toLowerCase()).contains("country");

    // the third node's plugin tool is callable
    await(() -> {
      try {
        return web.get("/v1/tools").send().await(5, TimeUnit.SECONDS).bodyAsString().contains("word_count");
      } catch (Exception e) {
        return false;
      }
    }, 30, "word_count listed");
    HttpResponse<Buffer> counted = web.post("/v1/tools/word_count").sendJsonObject(new JsonObject()
        .put("text", "ask not what your country can do")).await(10, TimeUnit.SECONDS);
    assertThat(counted.statusCode()).as(counted.bodyAsString()).isEqualTo(200);
    assertThat(counted.bodyAsJsonObject().getString("name")).isEqualTo("word_count");
    assertThat(counted.bodyAsJsonObject().getString("content")).isEqualTo("7");
    assertThat(counted.bodyAsJsonObject().getBoolean("error")).isFalse();

    // a realtime session on the gateway; its inference node dies; the turn fails naming the stage
    try (RealtimeClient rt = RealtimeClient.connect(client, http, "/v1/realtime", "model=gpt-realtime", null)) {
      rt.await("session.created", 10_000);
      rt.send(new JsonObject().put("type", "conversation.item.create").put("item", new JsonObject()
          .put("type", "message").put("role", "user").put("content", new JsonArray().add(new JsonObject()
              .put("type", "input_text").put("text", "What is 12 times 12?")))));
      rt.send(new JsonObject().put("type", "response.create"));
      assertThat(rt.await("response.done", 30_000).getJsonObject("response").getString("status")).isEqualTo("completed");

      inference.destroyForcibly(); // kill -9
      inference.waitFor(10, TimeUnit.SECONDS);
      int from = rt.size();
      rt.send(new JsonObject().put("type", "response.create"));
      JsonObject error = rt.await(from, "error", 60_000).getJsonObject("error");
      assertThat(error.getString("code")).isIn("reasoning_failed", "synthesis_failed");
      assertThat(error.getString("message")).containsAnyOf("reasoning", "synthesis");
      assertThat(rt.await(from, "response.done", 10_000).getJsonObject("response").getString("status"))
          .isEqualTo("failed");

      // another inference node joins: the next turn on the same session is served by it
      node("inference-2", concat(cluster, "--cluster-port", String.valueOf(hz[3]), "--roles", "asr,tts,llm,podcast,tools"));
      await(() -> status(web, "/health") == 200, 150, "health again with the second inference node");
      from = rt.size();
      rt.send(new JsonObject().put("type", "response.create"));
      JsonObject done = rt.await(from, "response.done", 60_000).getJsonObject("response");
      assertThat(done.getString("status")).as(logsText()).isEqualTo("completed");
      assertThat(rt.await(from, "response.output_audio_transcript.done", 1000).getString("transcript")).contains("144");
    }
  }

  private static List<String> concat(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }
}
