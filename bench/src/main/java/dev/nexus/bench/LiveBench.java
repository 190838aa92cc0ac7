package dev.nexus.bench;

import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.AudioChunkCodec;
import dev.nexus.bus.Codecs;
import dev.nexus.bus.WordTiming;
import dev.nexus.podcast.PodcastScript;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The live path's own costs, model compute aside: one audio chunk's round trip over the local event bus
 * (two hops), the binary codec a clustered hop adds, building one realtime audio event (base64 + JSON), its
 * fan-out to 100 WebSocket listeners, and a 5-minute podcast script to and from JSON.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LiveBench {
  private Vertx vertx;
  private AudioChunk chunk;
  private final AudioChunkCodec codec = new AudioChunkCodec();
  private PodcastScript script;
  private String scriptJson;

  private static final int LISTENERS = 100;
  private final java.util.List<io.vertx.core.http.ServerWebSocket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile java.util.concurrent.CountDownLatch arrived;
  private String frame;

  @Setup
  public void setup() throws Exception {
    vertx = Vertx.vertx();
    // 100 listeners on WebSockets over loopback, for the fan-out of one audio event
    var server = vertx.createHttpServer().webSocketHandler(sockets::add).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
    var wsClient = vertx.createWebSocketClient(new io.vertx.core.http.WebSocketClientOptions().setMaxConnections(LISTENERS + 10));
    for (int i = 0; i < LISTENERS; i++) {
      wsClient.connect(server.actualPort(), "127.0.0.1", "/").await(10, TimeUnit.SECONDS)
          .textMessageHandler(text -> arrived.countDown());
    }
    while (sockets.size() < LISTENERS) {
      Thread.sleep(10);
    }
    Codecs.register(vertx.eventBus());
    vertx.eventBus().<AudioChunk>consumer("bench.echo", m -> m.reply(m.body()));
    byte[] pcm = new byte[1920]; // 40 ms at 24 kHz
    new Random(1).nextBytes(pcm);
    chunk = new AudioChunk("0f9b3c2e-5d7a-4e61-9f0a-1b2c3d4e5f60", 7, 24000, 280, pcm,
        List.of(new WordTiming("listener", 12, 290)));
    List<PodcastScript.Segment> segments = new ArrayList<>();
    Random random = new Random(2);
    long at = 0;
    for (int s = 0; s < 4; s++) {
      List<PodcastScript.Turn> turns = new ArrayList<>();
      for (int t = 0; t < 10; t++) { // 40 turns of about 19 words: 750 words, five minutes
        StringBuilder text = new StringBuilder();
        List<PodcastScript.Word> words = new ArrayList<>();
        for (int w = 0; w < 19; w++) {
          String word = "word" + random.nextInt(1000);
          words.add(new PodcastScript.Word(word, text.length(), at + w * 400L));
          text.append(word).append(' ');
        }
        turns.add(new PodcastScript.Turn(t % 2 == 0 ? "Alex" : "Sam", text.toString().trim(), at, at + 7600, words));
        at += 7950;
      }
      segments.add(new PodcastScript.Segment("Segment " + s, turns));
    }
    script = new PodcastScript(1, "pod_benchmark00000000", "A benchmark episode",
        new PodcastScript.Source("text", "x", "source text"), "deep_dive", 5,
        List.of(new PodcastScript.Host("Alex", "alloy", null), new PodcastScript.Host("Sam", "nova", null)),
        segments, new PodcastScript.Audio(24000, at));
    scriptJson = script.toJson();
    frame = realtimeAudioEvent();
  }

  /** One 40 ms audio event written to 100 WebSockets, until every client has it (loopback, one event loop). */
  @Benchmark
  public long fanOutTo100Listeners() throws Exception {
    arrived = new java.util.concurrent.CountDownLatch(LISTENERS);
    for (var socket : sockets) {
      socket.writeTextMessage(frame);
    }
    if (!arrived.await(5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("a listener missed the frame");
    }
    return arrived.getCount();
  }

  @TearDown
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** Request and reply of one 40 ms chunk on the local bus: two hops, thread handoffs included. */
  @Benchmark
  public Object busRoundTrip() throws Exception {
    return vertx.eventBus().request("bench.echo", chunk).await(5, TimeUnit.SECONDS).body();
  }

  /** What a clustered hop adds per chunk on each side: encode to the wire and decode. */
  @Benchmark
  public AudioChunk codecRoundTrip() {
    Buffer buffer = Buffer.buffer(2100);
    codec.encodeToWire(buffer, chunk);
    return codec.decodeFromWire(0, buffer);
  }

  /** One response.output_audio.delta event as the gateway sends it: base64 of 40 ms, JSON encoding. */
  @Benchmark
  public String realtimeAudioEvent() {
    return new JsonObject().put("type", "response.output_audio.delta").put("event_id", "event_123")
        .put("response_id", "resp_abc").put("item_id", "item_def").put("output_index", 0).put("content_index", 0)
        .put("delta", Base64.getEncoder().encodeToString(chunk.pcm())).encode();
  }

  @Benchmark
  public String scriptToJson() {
    return script.toJson();
  }

  @Benchmark
  public PodcastScript scriptFromJson() {
    return PodcastScript.fromJson(scriptJson);
  }
}
