package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.TestSupport;
import dev.nexus.client.RealtimeClient;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code limits.idle-timeout-seconds}: a connection with no traffic either way is closed; a busy one is not. */
class IdleTimeoutTest {
  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeoutWhileABusySessionStaysOpen() throws Exception {
    Path config = Files.createTempDirectory("nexus-idle");
    Files.writeString(config.resolve("gateway.yaml"), "limits:\n  idle-timeout-seconds: 2\n");
    try (TestSupport.Running running = TestSupport.running(config);
        Socket silent = new Socket("127.0.0.1", running.server().port());
        RealtimeClient busy = RealtimeClient.connect(running.client(), running.server().port(), "turn_detection=none",
            null)) {
      busy.await("session.created", 30_000);
      silent.setSoTimeout(60_000);
      // the busy session sends an event every 500 ms and gets its answer, for three times the idle timeout
      InputStream in = silent.getInputStream();
      for (int answered = 0; answered < 12; answered++) {
        int before = busy.all("input_audio_buffer.cleared").size();
        busy.send(new JsonObject().put("type", "input_audio_buffer.clear"));
        busy.awaitIndex(0, e -> busy.all("input_audio_buffer.cleared").size() > before, 30_000, "an answer");
        Thread.sleep(500);
      }
      assertThat(busy.isClosed()).as("a session with traffic every 500 ms, over 6 s").isFalse();
      // the silent connection sent nothing and got nothing: the server closed it (read sees the end of stream)
      assertThat(in.read()).as("end of stream on the silent connection").isEqualTo(-1);
    }
  }
}
