package dev.nexus.node;

import dev.nexus.bus.Addresses;
import dev.nexus.config.ConfigException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a node joins a cluster, and what it runs: {@code serve --cluster [--cluster-host IP]
 * [--cluster-port N] [--cluster-members IP:PORT,...] [--roles gateway,asr,tts,llm,podcast,tools]
 * [--plugin CLASS]}. Hazelcast joins by the TCP/IP member list (multicast stays off).
 *
 * @param roles the capabilities this node deploys (by capability name); all of them by default
 * @param plugins verticle classes deployed besides (tool plugins)
 */
public record ClusterOptions(boolean enabled, String host, int port, List<String> members, Set<String> roles,
    List<String> plugins) {
  /** Role names as users write them, and the capability each deploys. */
  public static final Map<String, String> ROLES = Map.of("gateway", Addresses.GATEWAY, "asr", Addresses.SPEECH,
      "tts", Addresses.SYNTHESIS, "llm", Addresses.REASONING, "podcast", Addresses.PODCAST, "tools", Addresses.TOOLS);

  /** A single node with every capability: no cluster. */
  public static ClusterOptions standalone() {
    return new ClusterOptions(false, "127.0.0.1", 5701, List.of(), Set.copyOf(ROLES.values()), List.of());
  }

  /** The capabilities of a comma-separated role list ({@code none} for a node with plugins only). */
  public static Set<String> roles(String list) {
    Set<String> out = new LinkedHashSet<>();
    if (list.trim().equals("none")) {
      return out;
    }
    for (String role : list.split(",")) {
      String capability = ROLES.get(role.trim());
      if (capability == null) {
        throw new ConfigException("--roles: unknown role '" + role.trim() + "' (roles: gateway, asr, tts, llm, podcast, "
            + "tools, or none)");
      }
      out.add(capability);
    }
    return out;
  }

  public boolean runs(String capability) {
    return roles.contains(capability);
  }
}
