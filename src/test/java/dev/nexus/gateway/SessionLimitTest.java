package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.TestSupport;
import dev.nexus.client.RealtimeClient;
import io.vertx.core.MultiMap;
import io.vertx.core.http.UpgradeRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Live sessions are counted and capped, browser origins checked, before any upgrade; no keys means local-only. */
class SessionLimitTest {
  @Test
  void pastTheLimitANewSessionIsRefusedAndForeignOriginsAreTurnedAway() throws Exception {
    Path config = Files.createTempDirectory("nexus-limits");
    Files.writeString(config.resolve("gateway.yaml"), "limits:\n  max-sessions: 2\n"
        + "allowed-origins: [\"https://good.example\"]\n");
    try (TestSupport.Running running = TestSupport.running(config)) {
      int port = running.server().port();
      assertThat(running.server().vertx().sharedData().getLocalMap("nexus.gateway").get("host"))
          .as("no API keys: local-only").isEqualTo("127.0.0.1");
      RealtimeClient first = RealtimeClient.connect(running.client(), port, null, null);
      RealtimeClient second = RealtimeClient.connect(running.client(), port, "/v1/podcasts/live", "topic=x", null);
      assertThatThrownBy(() -> RealtimeClient.connect(running.client(), port, null, null))
          .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(429));
      first.close();
      RealtimeClient third = connectOnceASlotIsFree(running, port);
      third.await("session.created", 10_000);
      third.close();
      second.close();
      connectOnceASlotIsFree(running, port).close(); // both slots are free again before the origin checks
      MultiMap foreign = MultiMap.caseInsensitiveMultiMap().add("Origin", "https://evil.example");
      assertThatThrownBy(() -> RealtimeClient.connect(running.client(), port, null, foreign))
          .isInstanceOfSatisfying(UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(403));
      MultiMap good = MultiMap.caseInsensitiveMultiMap().add("Origin", "https://good.example");
      RealtimeClient allowed = RealtimeClient.connect(running.client(), port, null, good);
      allowed.await("session.created", 10_000);
      allowed.close();
    }
  }

  /** The server releases a closed session's slot as the close reaches it: retry the 429 until it has. */
  private static RealtimeClient connectOnceASlotIsFree(TestSupport.Running running, int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return RealtimeClient.connect(running.client(), port, null, null);
      } catch (UpgradeRejectedException e) {
        assertThat(e.getStatus()).isEqualTo(429);
        assertThat(System.nanoTime()).as("a slot freed within 30 s").isLessThan(deadline);
        Thread.sleep(50);
      }
    }
  }
}
