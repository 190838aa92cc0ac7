package dev.nexus.reasoning;

import dev.nexus.bus.Addresses;
import dev.nexus.server.CapabilityVerticle;

/** Reasoning: the language model behind voice chat and podcast hosts. No engine is wired in yet: it deploys, answers health and reports engine "none". */
public final class ReasoningVerticle extends CapabilityVerticle {
  @Override
  protected String capability() {
    return Addresses.REASONING;
  }
}
