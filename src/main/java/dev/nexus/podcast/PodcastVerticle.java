package dev.nexus.podcast;

import dev.nexus.bus.Addresses;
import dev.nexus.server.CapabilityVerticle;

/** Podcast generation and live podcast sessions. No engine is wired in yet: it deploys, answers health and reports engine "none". */
public final class PodcastVerticle extends CapabilityVerticle {
  @Override
  protected String capability() {
    return Addresses.PODCAST;
  }
}
