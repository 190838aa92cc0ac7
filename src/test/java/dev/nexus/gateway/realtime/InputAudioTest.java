package dev.nexus.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.audio.G711;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Transcription deltas that add up to the final transcript, and G.711 output audio. */
class InputAudioTest {
  @Test
  void theFinalTranscriptContinuesTheDeltasAlreadySentSoTheyAddUpExactly() {
    assertThat(InputAudio.joined("ask not", "ask not what your country")).isEqualTo("ask not what your country");
    assertThat(InputAudio.joined("", "Ask not.")).isEqualTo("Ask not.");
    // the recogniser revised a word already streamed: the streamed words stay, the rest follows
    assertThat(InputAudio.joined("and so my", "And so, my fellow Americans")).isEqualTo("and so my fellow Americans");
    assertThat(InputAudio.joined("and so my fellow", "and so")).isEqualTo("and so my fellow");
    assertThat(InputAudio.joined("ask", "")).isEqualTo("ask");
  }

  @Test
  void g711OutputIsSynthesisedAt16kHzAndLeavesAsHalfAsManyCompandedBytes() {
    SessionConfig config = new SessionConfig().apply(new JsonObject().put("audio", new JsonObject().put("output",
        new JsonObject().put("format", new JsonObject().put("type", "audio/pcma")))));
    assertThat(OutputAudio.synthesisRate(config)).isEqualTo(16000);
    assertThat(OutputAudio.synthesisRate(new SessionConfig())).isEqualTo(24000);
    OutputAudio out = new OutputAudio(config);
    byte[] tone = new byte[16000 * 2]; // one second of a 440 Hz tone at 16 kHz
    for (int i = 0; i < 16000; i++) {
      short s = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
      tone[2 * i] = (byte) s;
      tone[2 * i + 1] = (byte) (s >> 8);
    }
    int total = 0;
    for (int i = 0; i < tone.length; i += 1280) { // 40 ms chunks
      total += out.encode(java.util.Arrays.copyOfRange(tone, i, i + 1280)).length;
    }
    assertThat(total).as("8000 samples a second, less the filter's delay").isBetween(7800, 8000);
    byte[] pcm = G711.decode(G711.Law.PCMA, out.encode(java.util.Arrays.copyOf(tone, 3200)));
    assertThat(dev.nexus.audio.Pcm.rms(pcm)).isGreaterThan(0.1);
    byte[] same = new byte[] {1, 2, 3, 4};
    assertThat(new OutputAudio(new SessionConfig()).encode(same)).isSameAs(same);
  }
}
