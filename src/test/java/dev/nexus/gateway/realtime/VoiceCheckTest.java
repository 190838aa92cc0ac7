package dev.nexus.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class VoiceCheckTest {
  private final VoiceCheck check = VoiceCheck.of(new JsonArray().add(new JsonObject().put("id", "alloy"))
      .add(new JsonObject().put("id", "en-us")).add("not an object").add(new JsonObject().put("id", 7)));

  @Test
  void listedVoicesPassInAnyCaseAndVariantsOfAListedBasePass() {
    assertThatCode(() -> check.require("alloy", "session.voice")).doesNotThrowAnyException();
    assertThatCode(() -> check.require("ALLOY", "session.voice")).doesNotThrowAnyException();
    assertThatCode(() -> check.require("en-us+f3", "session.voice")).doesNotThrowAnyException();
  }

  @Test
  void anUnlistedVoiceIsAnInvalidValueNamingTheField() {
    assertThatThrownBy(() -> check.require("klingon", "session.audio.output.voice"))
        .isInstanceOfSatisfying(ProtocolError.class, e -> {
          org.assertj.core.api.Assertions.assertThat(e.code).isEqualTo("invalid_value");
          org.assertj.core.api.Assertions.assertThat(e.param).isEqualTo("session.audio.output.voice");
        })
        .hasMessage("unknown voice 'klingon'; GET /v1/voices lists them");
    assertThatThrownBy(() -> check.require("klingon+f3", "session.voice")).isInstanceOf(ProtocolError.class);
    assertThatThrownBy(() -> check.require("+alloy", "session.voice")).isInstanceOf(ProtocolError.class);
    assertThatThrownBy(() -> check.require("7", "session.voice")).as("a non-string id is not listed")
        .isInstanceOf(ProtocolError.class);
  }

  @Test
  void withNoListEveryVoicePasses() {
    assertThatCode(() -> VoiceCheck.UNCHECKED.require("klingon", "session.voice")).doesNotThrowAnyException();
  }
}
