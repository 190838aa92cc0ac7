package dev.nexus.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.config.NexusEnvironment;
import dev.nexus.it.WordCountPlugin;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node with some roles, or none and plugins only: what it deploys, and a plugin that cannot deploy. */
class NodeRolesTest {
  static NexusServer node(Path dir, List<String> plugins) {
    NexusEnvironment env = NexusEnvironment.from(Map.of("NEXUS_DATA", dir.toString(),
        "NEXUS_MODELS", dir.resolve("models").toString()));
    return new NexusServer(env, null, 0).cluster(new ClusterOptions(false, "127.0.0.1", 5701, List.of(),
        ClusterOptions.roles("none"), plugins));
  }

  @Test
  void aNodeWithNoRolesDeploysOnlyItsPluginsAndNoGateway(@TempDir Path dir) throws Exception {
    NexusServer server = node(dir, List.of(WordCountPlugin.class.getName())).start().await(60, TimeUnit.SECONDS);
    try {
      assertThat(server.vertx().deploymentIDs()).hasSize(1);
      assertThat(server.port()).as("no gateway, no port").isEqualTo(-1);
    } finally {
      server.stop().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPluginThatCannotBeDeployedStopsTheStartNamingTheClass(@TempDir Path dir) {
    assertThatThrownBy(() -> node(dir, List.of("com.example.NoSuchPlugin")).start().await(60, TimeUnit.SECONDS))
        .hasMessageContaining("com.example.NoSuchPlugin");
  }

  @Test
  void stoppingANodeThatNeverStartedIsDone(@TempDir Path dir) throws Exception {
    assertThat(node(dir, List.of()).stop().await(5, TimeUnit.SECONDS)).isNull();
  }
}
