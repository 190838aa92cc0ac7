package dev.nexus.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The keys file's format, the rights a path needs, and when keys are required: plain functions, no server. */
class ApiKeysTest {
  @Test
  void aKeysFileGivesEachKeyItsRightsAndLabelAndSkipsCommentsAndBlankLines() {
    List<ApiKeys.Key> keys = ApiKeys.parse("""
        # comment
        everything-key

          audio-only-key  audio   the reader
        two-rights-key chat,tools
        star-key-12345 *  ops team
        """, "keys.txt");
    assertThat(keys).hasSize(4);
    assertThat(new String(keys.get(0).secret(), StandardCharsets.UTF_8)).isEqualTo("everything-key");
    assertThat(keys.get(0).scopes()).containsExactlyInAnyOrderElementsOf(ApiKeys.SCOPES);
    assertThat(keys.get(0).label()).isEqualTo("keys.txt:2");
    assertThat(keys.get(1).scopes()).containsExactly("audio");
    assertThat(keys.get(1).label()).isEqualTo("the reader");
    assertThat(keys.get(2).scopes()).containsExactlyInAnyOrder("chat", "tools");
    assertThat(keys.get(3).scopes()).hasSize(ApiKeys.SCOPES.size());
    assertThat(keys.get(3).label()).isEqualTo("ops team");
    assertThat(keys.get(1).may("audio")).isTrue();
    assertThat(keys.get(1).may("chat")).isFalse();
    assertThat(keys.get(1).may(null)).as("a path no right covers needs only a valid key").isTrue();
    assertThat(ApiKeys.parse("", "empty")).isEmpty();
  }

  @Test
  void aBadLineNamesTheFileAndTheLine() {
    assertThatThrownBy(() -> ApiKeys.parse("good-key-123\nshort\n", "keys.txt")).isInstanceOf(ConfigException.class)
        .hasMessage("keys.txt line 2: a key must be at least 8 characters");
    assertThatThrownBy(() -> ApiKeys.parse("same-key-123\n# x\nsame-key-123 audio\n", "keys.txt"))
        .hasMessage("keys.txt line 3: this key is listed twice");
    assertThatThrownBy(() -> ApiKeys.parse("some-key-123 audio,wizardry\n", "keys.txt"))
        .hasMessageStartingWith("keys.txt line 1: unknown right 'wizardry'");
    assertThatThrownBy(() -> ApiKeys.parse("some-key-123 ,\n", "keys.txt"))
        .hasMessageStartingWith("keys.txt line 1: the key has no rights");
  }

  @Test
  void eachPathNeedsTheRightOfItsFirstSegment() {
    assertThat(ApiKeys.scopeOf("/metrics")).isEqualTo("metrics");
    assertThat(ApiKeys.scopeOf("/v1/chat/completions")).isEqualTo("chat");
    assertThat(ApiKeys.scopeOf("/v1/models")).isEqualTo("chat");
    assertThat(ApiKeys.scopeOf("/v1/audio/speech")).isEqualTo("audio");
    assertThat(ApiKeys.scopeOf("/v1/voices")).isEqualTo("audio");
    assertThat(ApiKeys.scopeOf("/v1/realtime")).isEqualTo("realtime");
    assertThat(ApiKeys.scopeOf("/v1/podcasts/pod_1/live")).isEqualTo("podcasts");
    assertThat(ApiKeys.scopeOf("/v1/documents")).isEqualTo("documents");
    assertThat(ApiKeys.scopeOf("/v1/tools/calculator")).isEqualTo("tools");
    assertThat(ApiKeys.scopeOf("/v1/other")).isNull();
    assertThat(ApiKeys.scopeOf("/health")).isNull();
    assertThat(ApiKeys.scopeOf("/v1chat")).isNull();
  }

  @Test
  void keysAreRequiredWhenAnyAreGivenOrAFileIsConfigured() {
    assertThat(new ApiKeys(List.of()).enabled()).isFalse();
    assertThat(new ApiKeys(List.of("env-key-12345")).enabled()).isTrue();
    assertThat(new ApiKeys(List.of(), "/etc/nexus/keys", List.of(), 0).enabled()).as("even an empty file").isTrue();
  }
}
