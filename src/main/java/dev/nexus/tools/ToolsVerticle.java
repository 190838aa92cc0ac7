package dev.nexus.tools;

import dev.nexus.bus.Addresses;
import dev.nexus.server.CapabilityVerticle;

/** Tools: the registry of callable tools and the built-in ones. No engine is wired in yet: it deploys, answers health and reports engine "none". */
public final class ToolsVerticle extends CapabilityVerticle {
  @Override
  protected String capability() {
    return Addresses.TOOLS;
  }
}
