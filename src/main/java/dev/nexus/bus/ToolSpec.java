package dev.nexus.bus;

import java.util.Map;

/**
 * What a tool announces about itself: its name, what it does, and the JSON schema of its arguments.
 *
 * @param node the cluster node (or "local") that hosts it, for the registry's bookkeeping
 */
public record ToolSpec(String name, String description, Map<String, Object> parameters, String node) {
}
