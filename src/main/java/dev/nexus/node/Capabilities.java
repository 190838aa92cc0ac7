package dev.nexus.node;

import dev.nexus.bus.Addresses;
import dev.nexus.podcast.PodcastVerticle;
import dev.nexus.reasoning.ReasoningVerticle;
import dev.nexus.speech.SpeechDecoderVerticle;
import dev.nexus.synthesis.SynthesisVerticle;
import dev.nexus.tools.registry.ToolsVerticle;
import io.vertx.core.Deployable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The capability verticles a node can deploy, by name, in deployment order. */
public final class Capabilities {
  private Capabilities() {
  }

  /** Capability name → a factory of its verticle. The gateway is deployed last, by the server. */
  public static Map<String, Supplier<Deployable>> all() {
    Map<String, Supplier<Deployable>> map = new LinkedHashMap<>();
    map.put(Addresses.TOOLS, ToolsVerticle::new);
    map.put(Addresses.REASONING, ReasoningVerticle::new);
    map.put(Addresses.SPEECH, SpeechDecoderVerticle::new);
    map.put(Addresses.SYNTHESIS, SynthesisVerticle::new);
    map.put(Addresses.PODCAST, PodcastVerticle::new);
    return map;
  }
}
