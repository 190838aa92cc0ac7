package dev.nexus.bench;

import dev.nexus.bus.AudioChunk;
import dev.nexus.bus.ChatMessage;
import dev.nexus.bus.ChatRequest;
import dev.nexus.bus.RequestContext;
import dev.nexus.bus.WordTiming;
import dev.nexus.node.ClusterOptions;
import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Random;
import java.util.Set;
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
 * One cross-node hop: two Nexus Vert.x nodes clustered with Hazelcast on 127.0.0.1 (in one JVM, so the
 * TCP event-bus transport and the codecs are real, the network is loopback). A 40 ms audio chunk and a
 * chat request go to the other node and come back: two hops each. {@code localRoundTrip} is the same on
 * one node, the peer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClusterBench {
  private Vertx a;
  private Vertx b;
  private AudioChunk chunk;
  private ChatRequest chat;

  @Setup
  public void setup() throws Exception {
    List<String> members = List.of("127.0.0.1:25701", "127.0.0.1:25702");
    a = NexusServer.createClusteredVertx("bench-a", new ClusterOptions(true, "127.0.0.1", 25701, members, Set.of(),
        List.of())).await(60, TimeUnit.SECONDS);
    b = NexusServer.createClusteredVertx("bench-b", new ClusterOptions(true, "127.0.0.1", 25702, members, Set.of(),
        List.of())).await(60, TimeUnit.SECONDS);
    b.eventBus().<Object>consumer("bench.remote", m -> m.reply(m.body())).completion().await(10, TimeUnit.SECONDS);
    a.eventBus().<Object>consumer("bench.local", m -> m.reply(m.body())).completion().await(10, TimeUnit.SECONDS);
    byte[] pcm = new byte[1920];
    new Random(1).nextBytes(pcm);
    chunk = new AudioChunk("0f9b3c2e-5d7a-4e61-9f0a-1b2c3d4e5f60", 7, 24000, 280, pcm,
        List.of(new WordTiming("listener", 12, 290)));
    chat = new ChatRequest(RequestContext.newRequest("bench"), null, List.of(ChatMessage.system("You are brief."),
        ChatMessage.user("What is 6 times 7?")), List.of(), null, true, null, null, null);
    for (int i = 0; i < 50; i++) { // until the other node's consumer is known here
      try {
        a.eventBus().request("bench.remote", chunk).await(1, TimeUnit.SECONDS);
        break;
      } catch (Exception e) {
        Thread.sleep(100);
      }
    }
  }

  @TearDown
  public void close() throws Exception {
    a.close().await(30, TimeUnit.SECONDS);
    b.close().await(30, TimeUnit.SECONDS);
  }

  @Benchmark
  public Object audioChunkRoundTrip() throws Exception {
    return a.eventBus().request("bench.remote", chunk).await(5, TimeUnit.SECONDS).body();
  }

  @Benchmark
  public Object chatRequestRoundTrip() throws Exception {
    return a.eventBus().request("bench.remote", chat).await(5, TimeUnit.SECONDS).body();
  }

  @Benchmark
  public Object localRoundTrip() throws Exception {
    return a.eventBus().request("bench.local", chunk).await(5, TimeUnit.SECONDS).body();
  }
}
