package dev.nexus.bench;

import dev.nexus.config.NexusEnvironment;
import dev.nexus.node.NexusServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.util.Map;
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
 * A whole 5-minute episode on a running server (embedded engines: grounded, espeak-ng): from
 * {@code POST /v1/podcasts} to ready, script writing and rendering in the hosts' voices included. The
 * setup prints the audio length, so the real-time factor is the score over it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class PodcastBench {
  static final String SOURCE = String.join(" ",
      "The lighthouse at Cape Mora was built in 1852 on a cliff of black basalt.",
      "Its keeper, Ada Varga, kept the lamp burning for forty years.",
      "During the great storm of 1901 the lamp's clockwork failed, and Ada turned the lens by hand all night.",
      "Eleven fishing boats found the harbour by her light.",
      "The village gave her a silver medal that still hangs in the museum.",
      "The keeper's logbook from that night is kept in the museum too.",
      "It records the wind at force eleven and the rain that did not stop until dawn.",
      "Ada Varga retired in 1912 and lived in the keeper's cottage until her death.",
      "In 1936 the lamp was converted to electricity, and the clockwork was retired to the museum.",
      "During the war the light was dimmed, and the keepers watched for ships without it.",
      "In 1978 the last keeper left, and the light became automatic.",
      "Today the lighthouse runs on solar power and an automatic lamp.",
      "Visitors can climb its hundred and twelve steps in summer.",
      "From the gallery they can see the harbour, the basalt cliffs and on clear days the islands to the west.",
      "A society of volunteers repaints the tower every ten years in red and white bands.",
      "Their latest work uncovered the date 1852 carved into the lintel above the door.",
      "Birdwatchers come in autumn, when thousands of gannets pass the cape on their way south.",
      "The museum holds the medal, the logbook, the clockwork and a lens from the original lamp.");

  private NexusServer server;
  private Vertx client;
  private WebClient http;

  @Setup
  public void setup() throws Exception {
    NexusEnvironment env = NexusEnvironment.from(Map.of("NEXUS_PORT", "0", "NEXUS_MODELS", BenchModels.root().toString(),
        "NEXUS_DATA", Files.createTempDirectory("nexus-bench").toString()));
    server = new NexusServer(env, null, null).start().await(120, TimeUnit.SECONDS);
    client = Vertx.vertx();
    http = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
  }

  @TearDown
  public void close() throws Exception {
    client.close().await(10, TimeUnit.SECONDS);
    server.stop().await(60, TimeUnit.SECONDS);
  }

  @Benchmark
  public long fiveMinuteEpisode() throws Exception {
    String id = http.post("/v1/podcasts").sendJsonObject(new JsonObject().put("text", SOURCE).put("minutes", 5))
        .await(60, TimeUnit.SECONDS).bodyAsJsonObject().getString("id");
    while (true) {
      JsonObject status = http.get("/v1/podcasts/" + id).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      if ("ready".equals(status.getString("status"))) {
        System.out.printf("%n[episode] %d turns, audio %.1f s%n", status.getJsonObject("script").getJsonArray("segments")
            .stream().mapToInt(s -> ((JsonObject) s).getJsonArray("turns").size()).sum(),
            status.getLong("duration_ms") / 1000.0);
        return status.getLong("duration_ms");
      }
      if (!java.util.List.of("queued", "writing", "rendering").contains(status.getString("status"))) {
        throw new IllegalStateException(status.encode());
      }
      Thread.sleep(20);
    }
  }
}
