package dev.nexus.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tool plugins over the TCP event-bus bridge: the Node example, and raw frame clients that misbehave. */
class BridgePluginTest {
  static final String TOOLS_KEY = "tools-key-123456";
  static final String CHAT_KEY = "chat-key-1234567";
  static TestSupport.Running nexus;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = Files.createTempDirectory("nexus-bridge-config");
    Files.writeString(config.resolve("tools.yaml"), """
        bridge:
          enabled: true
          port: %d
          call-timeout-ms: 1000
          max-answer-chars: 1000
          max-frames-per-second: 20
          max-frame-bytes: 8192
        """.formatted(port));
    Path keys = config.resolve("keys.txt");
    Files.writeString(keys, TOOLS_KEY + " tools,chat plugin\n" + CHAT_KEY + " chat chat-only\n");
    nexus = TestSupport.running(config, Map.of("NEXUS_API_KEYS_FILE", keys.toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (nexus != null) {
      nexus.close();
    }
  }

  static Optional<JsonObject> tool(String name) throws Exception {
    JsonArray data = nexus.http().get("/v1/tools").bearerTokenAuthentication(TOOLS_KEY).send()
        .await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("data");
    return data.stream().map(JsonObject.class::cast).filter(t -> t.getString("name").equals(name)).findFirst();
  }

  static JsonObject awaitTool(String name) throws Exception {
    for (int i = 0; i < 200; i++) {
      Optional<JsonObject> found = tool(name);
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError("tool " + name + " never appeared");
  }

  static HttpResponse<Buffer> call(String name, JsonObject arguments) throws Exception {
    return nexus.http().post("/v1/tools/" + name).bearerTokenAuthentication(TOOLS_KEY).sendJsonObject(arguments)
        .await(30, TimeUnit.SECONDS);
  }

  /** A bridge client written against the frame format: 4-byte length, then JSON. */
  static final class Frames implements AutoCloseable {
    final Socket socket;
    final DataOutputStream out;
    final DataInputStream in;

    Frames(String key) throws Exception {
      socket = new Socket("127.0.0.1", port);
      socket.setSoTimeout(5000);
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
      send(new JsonObject().put("type", "ping").put("headers", new JsonObject().put("authorization", "Bearer " + key)));
    }

    void send(JsonObject frame) throws Exception {
      byte[] bytes = frame.encode().getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
      out.flush();
    }

    JsonObject read() throws Exception {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    }

    JsonObject readType(String type) throws Exception {
      for (int i = 0; i < 100; i++) {
        JsonObject frame = read();
        if (type.equals(frame.getString("type"))) {
          return frame;
        }
      }
      throw new AssertionError("no " + type + " frame");
    }

    void offer(String name) throws Exception {
      send(new JsonObject().put("type", "register").put("address", "nexus.plugin." + name));
      send(new JsonObject().put("type", "publish").put("address", "nexus.tools.announce")
          .put("body", new JsonObject().put("name", name).put("description", "a test tool")));
    }

    /** Answers every call of the tool {@code name} with {@code reply} of the call's body, on a thread of its own. */
    void answer(String name, Function<JsonObject, Object> reply) {
      Thread answerer = new Thread(() -> {
        try {
          while (true) {
            JsonObject frame = read();
            if (("nexus.plugin." + name).equals(frame.getString("address"))) {
              send(new JsonObject().put("type", "send").put("address", frame.getString("replyAddress"))
                  .put("body", reply.apply(frame.getJsonObject("body"))));
            }
          }
        } catch (Exception e) {
          // the socket closed
        }
      });
      answerer.setDaemon(true);
      answerer.start();
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  @Test
  void theNodeExampleIsCalledFromAChatCompletionAndWithdrawnWhenItDisconnects() throws Exception {
    ProcessBuilder builder = new ProcessBuilder("node", "examples/plugin-node/plugin.mjs").redirectErrorStream(true);
    builder.environment().putAll(Map.of("NEXUS_BRIDGE_PORT", String.valueOf(port), "NEXUS_API_KEY", TOOLS_KEY));
    Process plugin = builder.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(plugin.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).contains("\"ready\":true");
      JsonObject listed = awaitTool("word_count");
      assertThat(listed.getString("source")).isEqualTo("bridge");
      assertThat(listed.getString("node")).isEqualTo("bridge:plugin");

      JsonObject request = new JsonObject().put("model", "nexus-grounded")
          .put("messages", new JsonArray().add(new JsonObject().put("role", "user")
              .put("content", "four score and seven")))
          .put("tool_choice", new JsonObject().put("type", "function")
              .put("function", new JsonObject().put("name", "word_count")));
      HttpResponse<Buffer> reply = nexus.http().post("/v1/chat/completions").bearerTokenAuthentication(TOOLS_KEY)
          .sendJsonObject(request).await(60, TimeUnit.SECONDS);
      assertThat(reply.statusCode()).as(reply.bodyAsString()).isEqualTo(200);
      assertThat(reply.bodyAsJsonObject().getJsonArray("choices").getJsonObject(0).getJsonObject("message")
          .getString("content")).contains("word_count").contains("\"words\":4");
    } finally {
      plugin.destroyForcibly();
      plugin.waitFor(10, TimeUnit.SECONDS);
    }
    boolean withdrawn = false;
    for (int i = 0; i < 100 && !withdrawn; i++) {
      withdrawn = tool("word_count").isEmpty();
      Thread.sleep(withdrawn ? 0 : 20);
    }
    assertThat(withdrawn).as("word_count withdrawn once its connection dropped").isTrue();
  }

  @Test
  void aClientThatTriesAnyOtherAddressIsRefused() throws Exception {
    try (Frames client = new Frames(TOOLS_KEY)) {
      assertThat(client.readType("pong")).isNotNull();
      client.send(new JsonObject().put("type", "send").put("address", "nexus.tools.list").put("body", "list")
          .put("replyAddress", "r1"));
      assertThat(client.readType("err").getString("message")).isNotBlank();
      client.send(new JsonObject().put("type", "publish").put("address", "nexus.synthesis.speak").put("body", "x"));
      assertThat(client.readType("err").getString("message")).isNotBlank();
      client.send(new JsonObject().put("type", "register").put("address", "nexus.stream.anything"));
      assertThat(client.readType("err").getString("message")).isNotBlank();
      client.send(new JsonObject().put("type", "publish").put("address", "nexus.tools.withdraw").put("body", "calculator"));
      assertThat(client.readType("err").getString("message")).isNotBlank();
      client.send(new JsonObject().put("type", "ping"));
      assertThat(client.readType("pong")).as("the connection still works").isNotNull();
    }
    assertThat(tool("calculator")).as("a plugin cannot withdraw another's tool").isPresent();
  }

  @Test
  void aClientWithoutAKeyWithTheToolsRightIsDisconnected() throws Exception {
    for (String key : new String[] {CHAT_KEY, "not-a-key-at-all"}) {
      try (Frames client = new Frames(key)) {
        boolean closed = false;
        try {
          while (true) {
            client.read();
          }
        } catch (EOFException | java.net.SocketException e) {
          closed = true;
        } catch (SocketTimeoutException e) {
          closed = false;
        }
        assertThat(closed).as("connection with key %s closed", key).isTrue();
      }
    }
  }

  @Test
  void aHangingToolTimesOutAndAnOversizedAnswerIsRefused() throws Exception {
    try (Frames client = new Frames(TOOLS_KEY)) {
      client.readType("pong");
      client.offer("sleepy");
      client.offer("chatty");
      awaitTool("sleepy");
      awaitTool("chatty");
      client.answer("chatty", call -> "y".repeat(5000));
      HttpResponse<Buffer> slow = call("sleepy", new JsonObject());
      assertThat(slow.statusCode()).isEqualTo(422);
      assertThat(slow.bodyAsJsonObject().getString("content")).contains("no answer within 1000 ms");
      HttpResponse<Buffer> big = call("chatty", new JsonObject());
      assertThat(big.statusCode()).isEqualTo(422);
      assertThat(big.bodyAsJsonObject().getString("content")).contains("the limit is 1000");
    }
  }

  @Test
  void aFloodingClientIsRateLimited() throws Exception {
    try (Frames client = new Frames(TOOLS_KEY)) {
      for (int i = 0; i < 100; i++) {
        client.send(new JsonObject().put("type", "ping"));
      }
      int pongs = 0;
      int refused = 0;
      while (pongs + refused < 101) {
        String type = client.read().getString("type");
        if (type.equals("pong")) {
          pongs++;
        } else if (type.equals("err")) {
          refused++;
        }
      }
      assertThat(refused).isGreaterThan(50);
      assertThat(pongs).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(50);
    }
  }

  @Test
  void anOversizedFrameClosesTheConnectionWithAnErrorNamingTheLimit() throws Exception {
    try (Frames client = new Frames(TOOLS_KEY)) {
      client.readType("pong");
      client.out.writeInt(10_000_000); // the length alone is refused: nothing of the frame is held
      client.out.write(new byte[100]);
      client.out.flush();
      JsonObject refused = client.readType("err");
      assertThat(refused.getString("message")).contains("frame_too_large").contains("10000000")
          .contains("the limit is 8192");
      boolean closed;
      try {
        client.read();
        closed = false;
      } catch (EOFException | java.net.SocketException e) {
        closed = true;
      }
      assertThat(closed).as("the connection is closed after the error").isTrue();
    }
    try (Frames client = new Frames(TOOLS_KEY)) {
      client.send(new JsonObject().put("type", "ping").put("body", "x".repeat(3000)));
      assertThat(client.readType("pong")).as("a frame under the limit passes").isNotNull();
    }
  }

  @Test
  void framesSplitAcrossWritesAndSeveralInOneWriteAreEachReadWhole() throws Exception {
    try (Frames client = new Frames(TOOLS_KEY)) {
      client.readType("pong");
      byte[] ping = new JsonObject().put("type", "ping").encode().getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream two = new ByteArrayOutputStream();
      DataOutputStream frames = new DataOutputStream(two);
      for (int i = 0; i < 2; i++) {
        frames.writeInt(ping.length);
        frames.write(ping);
      }
      byte[] bytes = two.toByteArray();
      for (byte b : bytes) { // one byte a write: the length and the JSON arrive in pieces
        client.out.write(b);
        client.out.flush();
      }
      client.out.write(bytes); // and two whole frames in one write
      client.out.flush();
      for (int i = 0; i < 4; i++) {
        assertThat(client.read().getString("type")).isEqualTo("pong");
      }
    }
  }

  @Test
  void aToolNameWithDotsIsOfferedAndCalledAndAMalformedOneIsRefused() throws Exception {
    try (Frames client = new Frames(TOOLS_KEY)) {
      client.readType("pong");
      client.send(new JsonObject().put("type", "register").put("address", "nexus.plugin.notes..count"));
      assertThat(client.readType("err").getString("message")).isEqualTo("access_denied");
      client.offer("notes.count");
      assertThat(awaitTool("notes.count").getString("node")).isEqualTo("bridge:plugin");
      client.answer("notes.count", call -> "counted " + call.getJsonObject("arguments").getString("text"));
      HttpResponse<Buffer> counted = call("notes.count", new JsonObject().put("text", "three blind mice"));
      assertThat(counted.statusCode()).as(counted.bodyAsString()).isEqualTo(200);
      assertThat(counted.bodyAsJsonObject().getString("content")).isEqualTo("counted three blind mice");
    }
  }
}
