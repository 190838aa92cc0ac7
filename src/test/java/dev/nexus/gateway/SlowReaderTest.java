package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.client.RawWebSocket;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The slow reader: a live client that takes no audio for 10 s is closed with 1008 {@code slow_reader}. The
 * client is a plain socket that stops reading, so TCP itself pushes back once the kernel's buffers (up to 4 MiB
 * on Linux) are full; the episode is sent unpaced ({@code podcast.send-ahead-ms: -1}) and is long enough to fill
 * them.
 */
class SlowReaderTest {
  private static final String TEXT = String.join(" ",
      "The iron bridge over the Marr river was finished in 1887 after four years of work.",
      "Its girders were cast at the Kell foundry, which employed three hundred men at the time.",
      "The first train crossed the bridge on a foggy morning in March, carrying coal and twelve passengers.",
      "The town bakery on Mill Street has baked rye bread every day since 1850.",
      "The public library was a gift from a shipping merchant who had grown up in the town.",
      "The copper mine in the hills closed in 1958 when the richest seam ran out.",
      "The town orchestra gives a concert in the market square on the first Sunday of summer.",
      "The harbour was dredged in 1921 so that steamers could dock at low tide.",
      "A lighthouse on the northern mole has guided ships into the harbour since 1869.",
      "The school on Church Hill opened in 1876 with two teachers and ninety pupils.",
      "The vineyards on the southern slope produce a dry white wine from old vines.");

  @Test
  void aLivePodcastClientThatTakesNoAudioFor10SecondsIsClosedWith1008SlowReader() throws Exception {
    Path config = Files.createTempDirectory("nexus-slow-reader");
    Files.writeString(config.resolve("gateway.yaml"), "podcast:\n  send-ahead-ms: -1\n");
    ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
        .getLogger("dev.nexus.gateway.podcast.PodcastLiveSession");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
        new ch.qos.logback.core.read.ListAppender<>();
    seen.start();
    log.addAppender(seen);
    try (TestSupport.Running running = TestSupport.running(config); Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("127.0.0.1", running.server().port()), 10_000);
      socket.setSoTimeout(300_000);
      RawWebSocket ws = new RawWebSocket(socket, "/v1/podcasts/live?minutes=5&text="
          + URLEncoder.encode(TEXT, StandardCharsets.UTF_8));
      ws.awaitText("podcast.ready");
      ws.sendText(new JsonObject().put("type", "podcast.start").encode());
      ws.awaitText("response.output_audio.delta");
      // from here the client reads nothing; the positive event is the server giving up on it
      long deadline = System.currentTimeMillis() + 600_000;
      while (seen.list.stream().noneMatch(e -> e.getFormattedMessage().contains("took no audio for 10 s"))) {
        assertThat(System.currentTimeMillis()).as("the server gave up on the slow reader").isLessThan(deadline);
        Thread.sleep(100);
      }
      // it reads again: what was queued, then the close frame
      RawWebSocket.Close close = ws.awaitClose();
      assertThat(close.code()).isEqualTo(1008);
      assertThat(close.reason()).isEqualTo("slow_reader");
    } finally {
      log.detachAppender(seen);
    }
  }
}
