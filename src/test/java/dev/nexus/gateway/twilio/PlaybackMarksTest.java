package dev.nexus.gateway.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** What the caller heard, from the marks Twilio sends back, and the session a call asks for. */
class PlaybackMarksTest {
  @Test
  void aReturnedMarkTellsHowMuchOfTheItemWasHeardAndAClearForgetsTheMarksStillOut() {
    PlaybackMarks marks = new PlaybackMarks();
    assertThat(marks.playing()).isFalse();
    assertThat(marks.clear()).isNull();
    String first = marks.sent("item_a", 320); // 40 ms of μ-law
    String second = marks.sent("item_a", 320);
    String third = marks.sent("item_a", 320);
    assertThat(first).isNotEqualTo(second);
    assertThat(marks.playing()).isTrue();
    marks.played(second); // the first came back with it: marks return in order
    marks.played("not-ours");
    assertThat(marks.playing()).as("the third is still out").isTrue();
    PlaybackMarks.Position heard = marks.clear();
    assertThat(heard).isEqualTo(new PlaybackMarks.Position("item_a", 80.0));
    assertThat(marks.playing()).isFalse();
    marks.played(third); // Twilio sends the cleared marks back: they say nothing of what was heard
    assertThat(marks.clear()).isEqualTo(new PlaybackMarks.Position("item_a", 80.0));
  }

  @Test
  void aNewItemStartsAtZeroUntilOneOfItsMarksComesBack() {
    PlaybackMarks marks = new PlaybackMarks();
    marks.played(marks.sent("item_a", 800));
    marks.sent("item_b", 800);
    assertThat(marks.clear()).isEqualTo(new PlaybackMarks.Position("item_b", 0.0));
    for (int i = 0; i < 20; i++) {
      marks.played(marks.sent("item_" + i, 8));
    }
    assertThat(marks.clear()).isEqualTo(new PlaybackMarks.Position("item_19", 1.0));
  }

  @Test
  void aCallsSessionIsMuLawBothWaysWithItsCustomParameters() {
    JsonObject session = TwilioCall.sessionSettings(new JsonObject().put("instructions", "Be brief.")
        .put("voice", "marin").put("silence_duration_ms", " 900 "));
    assertThat(session.getString("instructions")).isEqualTo("Be brief.");
    JsonObject audio = session.getJsonObject("audio");
    assertThat(audio.getJsonObject("input").getJsonObject("format").getString("type")).isEqualTo("audio/pcmu");
    assertThat(audio.getJsonObject("output").getJsonObject("format").getString("type")).isEqualTo("audio/pcmu");
    assertThat(audio.getJsonObject("output").getString("voice")).isEqualTo("marin");
    assertThat(audio.getJsonObject("input").getJsonObject("turn_detection").getInteger("silence_duration_ms"))
        .isEqualTo(900);
    JsonObject plain = TwilioCall.sessionSettings(new JsonObject());
    assertThat(plain.containsKey("instructions")).isFalse();
    assertThat(plain.getJsonObject("audio").getJsonObject("output").containsKey("voice")).isFalse();
  }
}
