package dev.nexus.tools;

import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolSpec;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** A callable tool: what it announces, and what it does with a call's arguments. */
public interface Tool {
  /** Name, description and argument schema; the host fills in the node. */
  ToolSpec spec();

  /** Runs the call; a failed future becomes an error result the model sees, never a crash. */
  Future<String> call(JsonObject arguments, RequestContext context);
}
