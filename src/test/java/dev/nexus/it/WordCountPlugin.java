package dev.nexus.it;

import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolSpec;
import dev.nexus.tools.Tool;
import dev.nexus.tools.ToolPluginVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** A tool plugin for the cluster test: counts the words of a text. Deployed with {@code serve --plugin}. */
public final class WordCountPlugin extends ToolPluginVerticle {
  @Override
  protected List<Tool> tools() {
    return List.of(new Tool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec("word_count", "Counts the words of a text.", Map.of("type", "object", "properties",
            Map.of("text", Map.of("type", "string")), "required", List.of("text")), "plugin");
      }

      @Override
      public Future<String> call(JsonObject arguments, RequestContext context) {
        String text = arguments.getString("text", "").trim();
        return Future.succeededFuture(String.valueOf(text.isEmpty() ? 0 : text.split("\\s+").length));
      }
    });
  }
}
