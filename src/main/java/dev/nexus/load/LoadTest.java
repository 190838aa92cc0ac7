package dev.nexus.load;

import dev.nexus.audio.AudioDecoder;
import dev.nexus.audio.Pcm;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The end-to-end load harness: N realtime sessions stream a real recording in real time (20 ms
 * frames), interrupt their own answers with the next utterance, and M live podcast sessions are
 * interrupted by typed questions, all against a server on loopback. Reports percentiles of what
 * clients see (speech_stopped → first audio, barge-in, interrupt → answer audio) and of what the
 * server measured (frame forwarding, from /metrics), with CPU and heap.
 */
public final class LoadTest {
  /** The harness's settings. */
  public record Options(URI server, int sessions, int podcasts, int seconds, Path audio, Path csv) {
    /** The same run against {@code server}. */
    public Options at(URI server) {
      return new Options(server, sessions, podcasts, seconds, audio, csv);
    }
  }

  private final Options options;
  private final PrintStream out;
  private final Vertx vertx = Vertx.vertx();
  private final Measurements measured = new Measurements();
  private long startedNanos;
  private volatile boolean running = true;

  public LoadTest(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
    String host = options.server().getHost();
    if (!List.of("127.0.0.1", "localhost", "[::1]", "::1").contains(host)) {
      throw new IllegalArgumentException("the load harness targets loopback only (got " + host + ")");
    }
  }

  /** Runs the load for the configured time; returns the summary. */
  public Map<String, Object> run() throws Exception {
    float[] samples = AudioDecoder.decode(Files.readAllBytes(options.audio()), 16000, 16000);
    byte[] speech = Pcm.toBytes(samples, 0, samples.length);
    WebClient http = WebClient.create(vertx);
    String before = scrape(http);
    String episode = options.podcasts() > 0 ? episode(http) : null;
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 24).setSsl(options.server().getScheme().equals("wss")).setTrustAll(true)
        .setVerifyHost(false));
    LoadSessions clients = new LoadSessions(vertx, measured, () -> running);
    long sampler = vertx.setPeriodic(1000, t -> measured.sampleProcess());
    startedNanos = System.nanoTime();
    List<Future<?>> sessions = new ArrayList<>();
    for (int i = 0; i < options.sessions(); i++) {
      int index = i;
      sessions.add(ws.connect(connect("/v1/realtime?model=loadtest"))
          .compose(socket -> clients.realtime(socket, speech, index)));
    }
    for (int i = 0; i < options.podcasts(); i++) {
      int index = i;
      sessions.add(ws.connect(connect("/v1/podcasts/" + episode + "/live"))
          .compose(socket -> clients.podcast(socket, index)));
    }
    soak();
    running = false;
    Future.join(sessions).await(30, TimeUnit.SECONDS);
    vertx.cancelTimer(sampler);
    String after = scrape(http);
    LoadSummary summary = summary(before, after);
    summary.print(out, options);
    if (options.csv() != null) {
      summary.appendCsv(options.csv());
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    return summary.figures();
  }

  private LoadSummary summary(String before, String after) {
    LoadSummary summary = new LoadSummary();
    summary.put("sessions", options.sessions());
    summary.put("podcasts", options.podcasts());
    summary.put("seconds", options.seconds());
    summary.put("connected", measured.connected.get());
    summary.put("errors", measured.errors.get());
    summary.put("stale_audio_deltas", measured.staleDeltas.get());
    summary.row("frame_forward_ms", Prometheus.percentiles(before, after, "nexus_speech_frame_forward_seconds"));
    summary.row("turn_first_audio_ms", measured.turn.percentiles());
    summary.row("barge_in_ms", measured.bargeIn.percentiles());
    summary.row("barge_in_server_ms", Prometheus.percentiles(before, after, "nexus_bargein_reaction_seconds"));
    summary.row("podcast_answer_audio_ms", measured.podcastAnswer.percentiles());
    summary.put("cpu_percent_mean", measured.cpu.mean());
    summary.put("cpu_percent_max", measured.cpu.percentile(100));
    summary.put("heap_mb_max", measured.heap.percentile(100));
    double[] live = measured.liveHeapTrend();
    summary.put("live_heap_mb_first", live[0]);
    summary.put("live_heap_mb_last", live[1]);
    summary.put("live_heap_mb_per_hour", live[2]);
    summary.put("turns", measured.turn.count());
    summary.put("barge_ins", measured.bargeIn.count());
    summary.put("podcast_interrupts", measured.podcastAnswer.count());
    return summary;
  }

  private WebSocketConnectOptions connect(String path) {
    URI s = options.server();
    return new WebSocketConnectOptions().setHost(s.getHost()).setPort(s.getPort()).setURI(path)
        .setSsl(s.getScheme().equals("wss"));
  }

  private String scrape(WebClient http) throws Exception {
    URI s = options.server();
    var response = http.get(s.getPort(), s.getHost(), "/metrics").ssl(s.getScheme().equals("wss")).send()
        .await(30, TimeUnit.SECONDS);
    return response.bodyAsString();
  }

  /** Makes the episode the podcast sessions play. */
  private String episode(WebClient http) throws Exception {
    URI s = options.server();
    JsonObject created = http.post(s.getPort(), s.getHost(), "/v1/podcasts").ssl(s.getScheme().equals("wss"))
        .sendJsonObject(new JsonObject().put("text", LoadSessions.SOURCE).put("minutes", 1))
        .await(60, TimeUnit.SECONDS).bodyAsJsonObject();
    String id = created.getString("id");
    for (int i = 0; i < 600; i++) {
      JsonObject status = http.get(s.getPort(), s.getHost(), "/v1/podcasts/" + id).ssl(s.getScheme().equals("wss"))
          .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject();
      if ("ready".equals(status.getString("status"))) {
        return id;
      }
      if ("failed".equals(status.getString("status"))) {
        throw new IllegalStateException("the test episode failed: " + status.getString("error"));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the test episode was not ready in a minute");
  }

  /**
   * Waits out the run, measuring the live heap (used heap right after a full collection) once a minute and at
   * both ends, so that a long run shows whether memory grows with time. The first sample is taken once the
   * sessions have run for a few seconds. With the server in this process (no --url) that is the server's heap.
   */
  private void soak() throws InterruptedException {
    long end = startedNanos + options.seconds() * 1_000_000_000L;
    long warm = Math.min(5, Math.max(1, options.seconds() / 4)) * 1000L;
    Thread.sleep(warm);
    liveHeapSample();
    long next = startedNanos + 60_000_000_000L;
    while (System.nanoTime() < end) {
      long until = Math.min(end, next);
      long wait = (until - System.nanoTime()) / 1_000_000;
      if (wait > 0) {
        Thread.sleep(wait);
      }
      if (System.nanoTime() >= next && System.nanoTime() < end) {
        liveHeapSample();
        next += 60_000_000_000L;
      }
    }
    liveHeapSample();
  }

  private void liveHeapSample() {
    double at = (System.nanoTime() - startedNanos) / 1e9;
    double mb = measured.sampleLiveHeap(at);
    out.printf(Locale.ROOT, "%6.0f s  live heap %7.1f MB  turns %d  connected %d  errors %d%n", at, mb,
        measured.turn.count(), measured.connected.get(), measured.errors.get());
  }
}
