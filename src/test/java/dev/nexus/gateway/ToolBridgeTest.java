package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.Addresses;
import dev.nexus.bus.Codecs;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolInvocation;
import dev.nexus.bus.ToolResult;
import dev.nexus.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tool bridge on its own (no node): raw frame clients that announce, withdraw, unregister and answer badly,
 * against a bridge without API keys (its plugins are "local") and one with keys.
 */
class ToolBridgeTest {
  static final String KEY = "bridge-key-1234567";
  static Vertx vertx;
  static ToolBridge open;
  static ToolBridge guarded;
  static final List<Object> announced = new CopyOnWriteArrayList<>();
  static final List<Object> withdrawn = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Codecs.register(vertx.eventBus());
    vertx.eventBus().consumer(Addresses.TOOLS_ANNOUNCE, m -> announced.add(m.body()));
    vertx.eventBus().consumer(Addresses.TOOLS_WITHDRAW, m -> withdrawn.add(m.body()));
    JsonObject settings = new JsonObject().put("enabled", true).put("port", 0).put("call-timeout-ms", 5000)
        .put("max-tools", 2);
    open = ToolBridge.start(vertx, new ApiKeys(List.of()), new Settings("tools.yaml bridge", settings))
        .await(10, TimeUnit.SECONDS);
    guarded = ToolBridge.start(vertx, new ApiKeys(List.of(KEY)), new Settings("tools.yaml bridge", settings))
        .await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (vertx != null) {
      open.close().await(10, TimeUnit.SECONDS);
      guarded.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** A plugin written against the frame format: 4-byte length, then JSON. */
  static final class Plugin implements AutoCloseable {
    final Socket socket;
    final DataOutputStream out;
    final DataInputStream in;

    Plugin(ToolBridge bridge) throws Exception {
      socket = new Socket("127.0.0.1", bridge.port());
      socket.setSoTimeout(5000);
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    Plugin send(JsonObject frame) throws Exception {
      byte[] bytes = frame.encode().getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
      out.flush();
      return this;
    }

    Plugin send(String type, String address, Object body) throws Exception {
      return send(new JsonObject().put("type", type).put("address", address).put("body", body));
    }

    JsonObject read() throws Exception {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      return new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Sends a ping and reads up to its pong: every frame the bridge sent before it. */
    List<JsonObject> sync() throws Exception {
      send(new JsonObject().put("type", "ping"));
      List<JsonObject> frames = new CopyOnWriteArrayList<>();
      for (JsonObject frame = read(); !"pong".equals(frame.getString("type")); frame = read()) {
        frames.add(frame);
      }
      return frames;
    }

    /** Registers for calls of {@code name} and announces it. */
    Plugin offer(String name, JsonObject spec) throws Exception {
      send("register", ToolBridge.PLUGIN_PREFIX + name, null);
      return send("publish", Addresses.TOOLS_ANNOUNCE, spec.put("name", name));
    }

    @Override
    public void close() throws Exception {
      socket.close();
    }
  }

  static Future<ToolResult> call(String name, String arguments) {
    return vertx.eventBus().<ToolResult>request(Addresses.tool(name),
            new ToolInvocation(RequestContext.newRequest("test"), name, arguments),
            new DeliveryOptions().setSendTimeout(10_000))
        .map(m -> m.body());
  }

  /** Waits (up to 10 s) for a bus event the bridge published. */
  static void eventually(BooleanSupplier condition) throws Exception {
    for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertThat(condition.getAsBoolean()).as("the event arrived").isTrue();
  }

  static JsonObject announcement(String name) throws Exception {
    eventually(() -> announced.stream().anyMatch(a -> name.equals(((JsonObject) a).getString("name"))));
    return announced.stream().map(JsonObject.class::cast).filter(a -> name.equals(a.getString("name")))
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no announcement of " + name));
  }

  @Test
  void withoutApiKeysAPluginIsLocalAndItsBareAnnouncementGetsAnEmptyDescriptionAndObjectSchema() throws Exception {
    try (Plugin plugin = new Plugin(open)) {
      plugin.offer("bare", new JsonObject());
      assertThat(plugin.sync()).as("no error").isEmpty();
      JsonObject spec = announcement("bare");
      assertThat(spec.getString("node")).isEqualTo("bridge:local");
      assertThat(spec.getString("description")).isEmpty();
      assertThat(spec.getJsonObject("parameters")).isEqualTo(new JsonObject().put("type", "object"));
    }
  }

  @Test
  void anUnknownFrameTypeAndABadAnnouncementAreRefusedNamingTheProblem() throws Exception {
    try (Plugin plugin = new Plugin(open)) {
      plugin.send(new JsonObject().put("type", "subscribe"));
      assertThat(plugin.sync()).extracting(f -> f.getString("message"))
          .containsExactly("unknown_type: a frame's type is send, publish, register, unregister or ping");
      plugin.send("publish", Addresses.TOOLS_ANNOUNCE, new JsonObject().put("name", "odd").put("description", 5));
      plugin.send("publish", Addresses.TOOLS_ANNOUNCE, new JsonObject().put("name", "odd2").put("parameters", "x"));
      plugin.send("publish", Addresses.TOOLS_ANNOUNCE, new JsonObject().put("name", 7));
      plugin.send("publish", Addresses.TOOLS_ANNOUNCE, "not an object");
      plugin.send("send", null, "nowhere");
      assertThat(plugin.sync()).extracting(f -> f.getString("message")).containsExactly("access_denied",
          "access_denied", "access_denied", "access_denied", "access_denied");
    }
  }

  @Test
  void aToolNameHeldByOnePluginIsRefusedToAnotherAndAPluginMayHoldOnlyMaxTools() throws Exception {
    try (Plugin first = new Plugin(open); Plugin second = new Plugin(open)) {
      first.offer("shared", new JsonObject().put("description", "first"));
      assertThat(first.sync()).isEmpty();
      second.offer("shared", new JsonObject().put("description", "second"));
      assertThat(second.sync()).extracting(f -> f.getString("message")).containsExactly("access_denied",
          "access_denied");
      first.offer("second-tool", new JsonObject());
      first.offer("third-tool", new JsonObject());
      assertThat(first.sync()).as("max-tools is 2").extracting(f -> f.getString("message"))
          .containsExactly("access_denied", "access_denied");
    }
  }

  @Test
  void aPluginWithdrawsItsOwnToolAndCannotWithdrawAnothers() throws Exception {
    try (Plugin owner = new Plugin(open); Plugin other = new Plugin(open)) {
      owner.offer("mine", new JsonObject());
      assertThat(owner.sync()).isEmpty();
      other.send("publish", Addresses.TOOLS_WITHDRAW, "mine");
      assertThat(other.sync()).extracting(f -> f.getString("message")).containsExactly("access_denied");
      owner.send("publish", Addresses.TOOLS_WITHDRAW, "mine");
      assertThat(owner.sync()).isEmpty();
      eventually(() -> withdrawn.contains("mine"));
      Throwable gone = call("mine", "{}").transform(ar -> Future.succeededFuture(ar.cause()))
          .await(10, TimeUnit.SECONDS);
      assertThat(gone).as("its relay is gone with it").isInstanceOf(ReplyException.class);
      assertThat(((ReplyException) gone).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
    }
  }

  @Test
  void aToolWhosePluginUnregisteredOrWhoseArgumentsAreNotJsonFailsNamingWhy() throws Exception {
    try (Plugin plugin = new Plugin(open)) {
      plugin.offer("quiet", new JsonObject());
      plugin.send("unregister", ToolBridge.PLUGIN_PREFIX + "quiet", null);
      assertThat(plugin.sync()).isEmpty();
      ToolResult notListening = call("quiet", "{}").await(10, TimeUnit.SECONDS);
      assertThat(notListening.error()).isTrue();
      assertThat(notListening.content()).isEqualTo("the tool failed: its plugin does not listen at nexus.plugin.quiet");
      ToolResult badArguments = call("quiet", "[1, 2").await(10, TimeUnit.SECONDS);
      assertThat(badArguments.error()).isTrue();
      assertThat(badArguments.content()).startsWith("arguments are not a JSON object");
    }
  }

  @Test
  void answersAreAStringOrContentWithAnErrorFlagAndAnythingElseIsAnError() throws Exception {
    try (Plugin plugin = new Plugin(open)) {
      plugin.offer("answerer", new JsonObject());
      assertThat(plugin.sync()).isEmpty();
      List<Object> bodies = List.of("plain words", new JsonObject().put("content", "it broke").put("error", true),
          new JsonObject().put("text", "wrong field"));
      List<ToolResult> results = new CopyOnWriteArrayList<>();
      for (Object body : bodies) {
        Future<ToolResult> pending = call("answerer", null);
        JsonObject call = plugin.read();
        assertThat(call.getString("type")).isEqualTo("message");
        assertThat(call.getJsonObject("body").getJsonObject("arguments")).as("no arguments: {}")
            .isEqualTo(new JsonObject());
        plugin.send("send", call.getString("replyAddress"), body);
        results.add(pending.await(10, TimeUnit.SECONDS));
      }
      assertThat(results).extracting(ToolResult::content).containsExactly("plain words", "it broke",
          "the tool answered neither a string nor {\"content\": ...}");
      assertThat(results).extracting(ToolResult::error).containsExactly(false, true, true);
    }
  }

  @Test
  void aPluginThatDisconnectsWithACallPendingFailsItAndItsToolsAreWithdrawn() throws Exception {
    Future<ToolResult> pending;
    try (Plugin plugin = new Plugin(open)) {
      plugin.offer("leaver", new JsonObject());
      assertThat(plugin.sync()).isEmpty();
      pending = call("leaver", "{}");
      assertThat(plugin.read().getString("type")).as("the call reached the plugin").isEqualTo("message");
    }
    ToolResult result = pending.await(10, TimeUnit.SECONDS);
    assertThat(result.error()).isTrue();
    assertThat(result.content()).isEqualTo("the tool failed: its plugin disconnected");
    eventually(() -> withdrawn.contains("leaver"));
  }

  @Test
  void aPluginRegisteredForDiscoveryGetsEachDiscoveryRequest() throws Exception {
    try (Plugin plugin = new Plugin(open)) {
      plugin.send("register", Addresses.TOOLS_DISCOVER, null);
      assertThat(plugin.sync()).isEmpty();
      vertx.eventBus().publish(Addresses.TOOLS_DISCOVER, "round-1");
      JsonObject asked = plugin.read();
      assertThat(asked.getString("type")).isEqualTo("message");
      assertThat(asked.getString("address")).isEqualTo(Addresses.TOOLS_DISCOVER);
      assertThat(asked.getString("body")).isEqualTo("round-1");
    }
  }

  @Test
  void withKeysTheFirstFrameNeedsABearerKeyAndOtherSchemesOrAnEmptyKeyAreRefused() throws Exception {
    for (String authorization : List.of("Basic " + KEY, "Bearer   ", "Bearer wrong-key-000000")) {
      try (Plugin plugin = new Plugin(guarded)) {
        plugin.send(new JsonObject().put("type", "ping").put("headers",
            new JsonObject().put("authorization", authorization)));
        assertThat(plugin.read().getString("message")).as(authorization).startsWith("access_denied: the first frame");
      }
    }
    try (Plugin plugin = new Plugin(guarded)) {
      plugin.send(new JsonObject().put("type", "ping").put("headers",
          new JsonObject().put("authorization", "bearer " + KEY)));
      assertThat(plugin.read().getString("type")).as("the scheme is case-insensitive").isEqualTo("pong");
    }
  }
}
