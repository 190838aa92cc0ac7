package dev.nexus.tools;

import dev.nexus.tools.registry.ToolRegistry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.ToolSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolRegistryTest {
  static ToolSpec spec(String name) {
    return new ToolSpec(name, "d", Map.of(), "n");
  }

  @Test
  void toolsThatStopAnnouncingAreDroppedAfterTheirRounds() {
    ToolRegistry registry = new ToolRegistry(2);
    registry.announced(spec("a"));
    registry.announced(spec("b"));
    assertThat(registry.newRound()).isEmpty();
    registry.announced(spec("a"));
    assertThat(registry.newRound()).isEmpty();
    assertThat(registry.newRound()).containsExactly("b");
    assertThat(registry.list()).extracting(ToolSpec::name).containsExactly("a");
    registry.withdrawn("a");
    assertThat(registry.list()).isEmpty();
  }
}
