package dev.nexus.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.audio.G711;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Transcription deltas that add up to the final transcript, and G.711 output audio. */
class InputAudioTest {
  @Test
  void onlyWordsKeptAcrossTwoPartialsAndNotTheLastAreStable() {
    assertThat(InputAudio.stablePrefix("", "what is")).isEmpty();
    assertThat(InputAudio.stablePrefix("what is", "what is boiled")).isEqualTo("what is");
    assertThat(InputAudio.stablePrefix("what is boiled", "what is twelve times")).isEqualTo("what is");
    assertThat(InputAudio.stablePrefix("what is twelve times", "what is twelve times eight")).isEqualTo("what is twelve times");
    assertThat(InputAudio.stablePrefix("ask  not what", "ask  not what your")).isEqualTo("ask  not what");
    assertThat(InputAudio.stablePrefix("and so", "And so my")).isEmpty();
    assertThat(InputAudio.stablePrefix("go", "go")).as("the last word is never stable").isEmpty();
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
