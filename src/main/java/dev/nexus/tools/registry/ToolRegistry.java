package dev.nexus.tools.registry;

import dev.nexus.bus.ToolSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live tools, as announced on the bus. A tool that withdraws, or that misses several discovery
 * rounds (its node is gone), is dropped.
 */
public final class ToolRegistry {
  private record Entry(ToolSpec spec, long lastSeenRound) {
  }

  private final Map<String, Entry> tools = new LinkedHashMap<>();
  private final int roundsToLive;
  private long round;

  public ToolRegistry(int roundsToLive) {
    this.roundsToLive = roundsToLive;
  }

  public synchronized void announced(ToolSpec spec) {
    tools.put(spec.name(), new Entry(spec, round));
  }

  public synchronized void withdrawn(String name) {
    tools.remove(name);
  }

  /** Starts a discovery round; drops the tools not seen for {@code roundsToLive} rounds. */
  public synchronized List<String> newRound() {
    round++;
    List<String> dropped = new ArrayList<>();
    tools.values().removeIf(e -> {
      boolean stale = round - e.lastSeenRound() > roundsToLive;
      if (stale) {
        dropped.add(e.spec().name());
      }
      return stale;
    });
    return dropped;
  }

  public synchronized List<ToolSpec> list() {
    return tools.values().stream().map(Entry::spec).toList();
  }
}
