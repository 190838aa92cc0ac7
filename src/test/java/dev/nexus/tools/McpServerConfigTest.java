package dev.nexus.tools;

import dev.nexus.tools.registry.ToolsVerticle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.config.ConfigException;
import dev.nexus.config.Settings;
import dev.nexus.tools.mcp.McpServerConfig;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class McpServerConfigTest {
  static List<McpServerConfig> read(String json) {
    return McpServerConfig.all(new Settings("tools.yaml", new JsonObject(json)));
  }

  @Test
  void readsStdioAndHttpServers() {
    List<McpServerConfig> servers = read("""
        {"files": {"command": "npx", "args": ["-y", "pkg", "/srv"], "env": {"DEBUG": 1}},
         "web": {"url": "https://tools.example/mcp", "headers": {"Authorization": "Bearer x"}}}""");
    assertThat(servers).hasSize(2);
    assertThat(servers.get(0).stdio()).isTrue();
    assertThat(servers.get(0).args()).containsExactly("-y", "pkg", "/srv");
    assertThat(servers.get(0).env()).containsEntry("DEBUG", "1");
    assertThat(servers.get(1).stdio()).isFalse();
    assertThat(servers.get(1).url().getPath()).isEqualTo("/mcp");
    assertThat(servers.get(1).headers()).containsEntry("Authorization", "Bearer x");
  }

  @Test
  void badServersAreRefusedNamingTheFileAndKey() {
    assertThatThrownBy(() -> read("{\"a.b\": {\"command\": \"x\"}}")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tools.yaml").hasMessageContaining("mcp.servers.a.b");
    assertThatThrownBy(() -> read("{\"both\": {\"command\": \"x\", \"url\": \"http://h/mcp\"}}"))
        .hasMessageContaining("exactly one of 'command'");
    assertThatThrownBy(() -> read("{\"none\": {}}")).hasMessageContaining("exactly one of 'command'");
    assertThatThrownBy(() -> read("{\"ftp\": {\"url\": \"ftp://h/mcp\"}}")).hasMessageContaining("http://");
    assertThatThrownBy(() -> read("{\"sp\": {\"url\": \"http://h /mcp\"}}")).hasMessageContaining("not a URL");
    assertThatThrownBy(() -> read("{\"e\": {\"command\": \"x\", \"env\": {\"K\": [1]}}}"))
        .hasMessageContaining("key 'mcp.servers.e.env.K' must be a string");
  }

  @Test
  void aToolsSourceFollowsItsNode() {
    assertThat(ToolsVerticle.source("local")).isEqualTo("builtin");
    assertThat(ToolsVerticle.source(null)).isEqualTo("builtin");
    assertThat(ToolsVerticle.source("mcp:files")).isEqualTo("mcp");
    assertThat(ToolsVerticle.source("bridge:plugin")).isEqualTo("bridge");
    assertThat(ToolsVerticle.source("10.0.0.2:5701")).isEqualTo("plugin");
    assertThat(ToolsVerticle.source("plugin")).isEqualTo("plugin");
  }
}
