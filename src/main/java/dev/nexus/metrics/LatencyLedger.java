package dev.nexus.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The per-turn latency ledger: every voice turn's stage latencies go to Prometheus histograms (when a
 * registry is given) and, one line per turn, to a CSV file under {@code NEXUS_DATA/metrics/}.
 */
public final class LatencyLedger {
  /** The CSV columns; a stage that did not happen in a turn is left empty. */
  public static final String HEADER = "time,kind,session,turn,transcript_ms,first_token_ms,first_audio_ms,barge_in_ms";

  /** One turn's figures in milliseconds; -1 where the stage did not happen. */
  public record Turn(String kind, String session, String turn, double transcriptMs, double firstTokenMs,
      double firstAudioMs, double bargeInMs) {
    String csv(Instant at) {
      return at + "," + kind + "," + session + "," + turn + "," + cell(transcriptMs) + "," + cell(firstTokenMs) + ","
          + cell(firstAudioMs) + "," + cell(bargeInMs) + "\n";
    }

    private static String cell(double ms) {
      return ms < 0 ? "" : String.format(Locale.ROOT, "%.3f", ms);
    }
  }

  private final Timer transcript;
  private final Timer firstToken;
  private final Timer firstAudio;
  private final Timer bargeIn;
  private final AsyncFile csv;
  private final Path file;

  private LatencyLedger(MeterRegistry registry, AsyncFile csv, Path file) {
    this.transcript = timer(registry, "nexus.turn.transcript", "speech_stopped to final transcript");
    this.firstToken = timer(registry, "nexus.turn.first.token", "speech_stopped to the first LLM token");
    this.firstAudio = timer(registry, "nexus.turn.first.audio", "speech_stopped to the first audio byte sent");
    this.bargeIn = timer(registry, "nexus.bargein.reaction", "speech_started to the last audio byte sent");
    this.csv = csv;
    this.file = file;
  }

  /** Opens a ledger writing to a new CSV file in {@code dir} (created if needed); null registry: CSV only. */
  public static Future<LatencyLedger> open(Vertx vertx, MeterRegistry registry, Path dir, String prefix) {
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC).format(Instant.now());
    Path file = dir.resolve(prefix + "-" + stamp + ".csv");
    return vertx.executeBlocking(() -> {
      Files.createDirectories(dir);
      return file;
    }).compose(f -> vertx.fileSystem().open(f.toString(), new OpenOptions().setAppend(true).setCreate(true)))
        .compose(out -> out.write(Buffer.buffer(HEADER + "\n")).map(v -> new LatencyLedger(registry, out, file)));
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return registry == null ? null : Timer.builder(name).description(description).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  /** Records one turn (call on any thread; the file write is asynchronous and in order). */
  public synchronized void record(Turn turn) {
    observe(transcript, turn.transcriptMs());
    observe(firstToken, turn.firstTokenMs());
    observe(firstAudio, turn.firstAudioMs());
    observe(bargeIn, turn.bargeInMs());
    csv.write(Buffer.buffer(turn.csv(Instant.now())));
  }

  private static void observe(Timer timer, double ms) {
    if (timer != null && ms >= 0) {
      timer.record((long) (ms * 1_000_000), TimeUnit.NANOSECONDS);
    }
  }

  /** The CSV file this ledger appends to. */
  public Path file() {
    return file;
  }

  public Future<Void> close() {
    return csv.flush().compose(v -> csv.close());
  }
}
