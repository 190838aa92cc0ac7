package dev.nexus.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Typed settings at the edges of their ranges: both bounds are allowed, one past them is refused naming the key. */
class SettingsBoundsTest {
  private static Settings of(String key, Object value) {
    return new Settings("conf/x.yaml", new JsonObject().put(key, value));
  }

  @Test
  void anIntegerMayEqualEitherBoundAndNotPassThem() {
    assertThat(of("n", 1).integer("n", 7, 1, 10)).isEqualTo(1);
    assertThat(of("n", 10).integer("n", 7, 1, 10)).isEqualTo(10);
    assertThat(of("n", 10.0).integer("n", 7, 1, 10)).as("a whole decimal is an integer").isEqualTo(10);
    assertThat(new Settings("conf/x.yaml", new JsonObject()).integer("n", 7, 1, 10)).isEqualTo(7);
    assertThatThrownBy(() -> of("n", 0).integer("n", 7, 1, 10)).isInstanceOf(ConfigException.class)
        .hasMessage("conf/x.yaml: key 'n' must be an integer from 1 to 10 (got 0)");
    assertThatThrownBy(() -> of("n", 11).integer("n", 7, 1, 10)).hasMessageContaining("(got 11)");
    assertThatThrownBy(() -> of("n", 2.5).integer("n", 7, 1, 10)).hasMessageContaining("(got 2.5)");
    assertThatThrownBy(() -> of("n", "5").integer("n", 7, 1, 10)).hasMessageContaining("(got \"5\")");
  }

  @Test
  void aDecimalMayEqualEitherBoundAndNotPassThem() {
    assertThat(of("x", 0.5).decimal("x", 1, 0.5, 2)).isEqualTo(0.5);
    assertThat(of("x", 2).decimal("x", 1, 0.5, 2)).isEqualTo(2.0);
    assertThat(new Settings("conf/x.yaml", new JsonObject()).decimal("x", 1.25, 0.5, 2)).isEqualTo(1.25);
    assertThatThrownBy(() -> of("x", 0.49).decimal("x", 1, 0.5, 2))
        .hasMessage("conf/x.yaml: key 'x' must be a number from 0.5 to 2.0 (got 0.49)");
    assertThatThrownBy(() -> of("x", 2.01).decimal("x", 1, 0.5, 2)).hasMessageContaining("(got 2.01)");
    assertThatThrownBy(() -> of("x", true).decimal("x", 1, 0.5, 2)).hasMessageContaining("(got true)");
  }

  @Test
  void aBooleanIsTheValueGivenOrTheFallbackAndNothingElse() {
    assertThat(of("b", false).bool("b", true)).isFalse();
    assertThat(of("b", true).bool("b", false)).isTrue();
    assertThat(new Settings("conf/x.yaml", new JsonObject()).bool("b", false)).isFalse();
    assertThat(new Settings("conf/x.yaml", new JsonObject()).bool("b", true)).isTrue();
    assertThatThrownBy(() -> of("b", "yes").bool("b", true))
        .hasMessage("conf/x.yaml: key 'b' must be true or false (got \"yes\")");
  }

  @Test
  void aNestedKeyIsNamedWithItsPath() {
    Settings engines = new Settings("conf/speech.yaml", new JsonObject()
        .put("engines", new JsonObject().put("whisper", new JsonObject().put("beam", 0))))
        .section("engines").section("whisper");
    assertThatThrownBy(() -> engines.integer("beam", 1, 1, 8))
        .hasMessage("conf/speech.yaml: key 'engines.whisper.beam' must be an integer from 1 to 8 (got 0)");
  }
}
