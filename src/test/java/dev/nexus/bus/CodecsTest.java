package dev.nexus.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CodecsTest {

  @Test
  void jsonRecordsSurviveTheWireFormat() {
    JsonRecordCodec<SynthesisRequest> codec = new JsonRecordCodec<>(SynthesisRequest.class);
    SynthesisRequest request = new SynthesisRequest(new RequestContext("s1", "r1"), "Hello there",
        "en-us", 24000, 1.25, 0.9, 40);
    Buffer wire = Buffer.buffer("prefix");
    codec.encodeToWire(wire, request);
    assertThat(codec.decodeFromWire(6, wire)).isEqualTo(request);
    assertThat(codec.transform(request)).isSameAs(request);
    assertThat(codec.name()).contains("SynthesisRequest");
    assertThat(codec.systemCodecID()).isEqualTo((byte) -1);
  }

  @Test
  void corruptJsonOnTheWireIsReportedWithTheType() {
    JsonRecordCodec<StreamEnd> codec = new JsonRecordCodec<>(StreamEnd.class);
    Buffer wire = Buffer.buffer().appendInt(3).appendString("{x}");
    assertThatThrownBy(() -> codec.decodeFromWire(0, wire)).hasMessageContaining("StreamEnd");
  }

  @Test
  void audioChunksSurviveTheBinaryWireFormat() {
    AudioChunkCodec codec = new AudioChunkCodec();
    byte[] pcm = {1, 2, 3, 4, 5, 6, (byte) 0xff, (byte) 0x80};
    AudioChunk chunk = new AudioChunk("req-é", 7, 16000, 1234, pcm,
        List.of(new WordTiming("naïve", 0, 1234), new WordTiming("words", 6, 1300)));
    Buffer wire = Buffer.buffer("xy");
    codec.encodeToWire(wire, chunk);
    AudioChunk back = codec.decodeFromWire(2, wire);
    assertThat(back.requestId()).isEqualTo("req-é");
    assertThat(back.seq()).isEqualTo(7);
    assertThat(back.sampleRate()).isEqualTo(16000);
    assertThat(back.startMs()).isEqualTo(1234);
    assertThat(back.pcm()).containsExactly(pcm);
    assertThat(back.words()).isEqualTo(chunk.words());
    assertThat(back.durationMs()).isEqualTo(0.25);
    assertThat(codec.transform(chunk)).isSameAs(chunk);
    assertThat(codec.name()).isEqualTo("nexus.audio-chunk");
    assertThat(codec.systemCodecID()).isEqualTo((byte) -1);
    assertThat(new AudioChunk("r", 0, 16000, 0, new byte[0], null).words()).isEmpty();
  }

  @Test
  void registeringTwiceIsHarmlessAndRecordsTravelTheBus(Vertx vertx, VertxTestContext ctx) {
    Codecs.register(vertx.eventBus());
    Codecs.register(vertx.eventBus());
    StreamEnd end = StreamEnd.failed("r9", "synthesis", "boom");
    vertx.eventBus().<StreamEnd>consumer("codec.test", message -> {
      ctx.verify(() -> assertThat(message.body()).isEqualTo(end));
      ctx.completeNow();
    });
    vertx.eventBus().send("codec.test", end, new DeliveryOptions());
  }

  @Test
  void requestContextNamesItsAddresses() {
    RequestContext context = RequestContext.newRequest("session-1");
    assertThat(context.sessionId()).isEqualTo("session-1");
    assertThat(context.streamAddress()).isEqualTo("nexus.stream." + context.requestId());
    assertThat(context.cancelAddress()).isEqualTo("nexus.cancel." + context.requestId());
    assertThat(Addresses.health("speech")).isEqualTo("nexus.health.speech");
    assertThatThrownBy(() -> new RequestContext(null, "x")).isInstanceOf(NullPointerException.class);
    assertThat(StreamEnd.done("a", "b").status()).isEqualTo(StreamEnd.Status.DONE);
    assertThat(StreamEnd.cancelled("a", "b").status()).isEqualTo(StreamEnd.Status.CANCELLED);
  }
}
