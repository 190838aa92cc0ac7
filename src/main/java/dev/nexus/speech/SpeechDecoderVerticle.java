package dev.nexus.speech;

import dev.nexus.bus.Addresses;
import dev.nexus.server.CapabilityVerticle;

/** Speech decoding: voice activity detection and speech recognition. No engine is wired in yet: it deploys, answers health and reports engine "none". */
public final class SpeechDecoderVerticle extends CapabilityVerticle {
  @Override
  protected String capability() {
    return Addresses.SPEECH;
  }
}
