package dev.nexus.faults;

import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolSpec;
import dev.nexus.tools.Tool;
import dev.nexus.tools.ToolPluginVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A badly written third-party tool plugin: its call blocks the thread it runs on for {@link #BLOCK_MS}, far past
 * any tool budget, before answering. Deployed as users deploy plugins ({@code NexusServer.deployPlugin}).
 */
public final class BlockingToolPlugin extends ToolPluginVerticle {
  static final long BLOCK_MS = 6000;
  static final AtomicInteger FINISHED = new AtomicInteger();

  @Override
  protected List<Tool> tools() {
    return List.of(new Tool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec("slow_lookup", "Looks a word up in a very slow archive.", Map.of("type", "object",
            "properties", Map.of("word", Map.of("type", "string")), "required", List.of("word")), "plugin");
      }

      @Override
      public Future<String> call(JsonObject arguments, RequestContext context) {
        try {
          Thread.sleep(BLOCK_MS); // blocking where it must not: the plugin's own thread is all it holds
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        FINISHED.incrementAndGet();
        return Future.succeededFuture("found " + arguments.getString("word"));
      }
    });
  }
}
