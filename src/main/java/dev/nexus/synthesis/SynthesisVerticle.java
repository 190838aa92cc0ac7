package dev.nexus.synthesis;

import dev.nexus.bus.Addresses;
import dev.nexus.server.CapabilityVerticle;

/** Speech synthesis. No engine is wired in yet: it deploys, answers health and reports engine "none". */
public final class SynthesisVerticle extends CapabilityVerticle {
  @Override
  protected String capability() {
    return Addresses.SYNTHESIS;
  }
}
