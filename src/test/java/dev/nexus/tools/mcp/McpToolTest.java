package dev.nexus.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nexus.bus.ToolSpec;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** How an MCP server's tool becomes a registry tool, and how its results and failures read to a model. */
class McpToolTest {
  static ToolSpec spec(McpSchema.Tool tool) {
    return new McpTool(null, null, "files", tool, Duration.ofSeconds(1)).spec();
  }

  @Test
  void aToolWithoutSchemaGetsAnObjectSchemaAndItsTitleStandsInForAMissingDescription() {
    ToolSpec titled = spec(McpSchema.Tool.builder().name("read").title("Reads a file").build());
    assertThat(titled.name()).isEqualTo("files.read");
    assertThat(titled.description()).isEqualTo("Reads a file");
    assertThat(titled.parameters()).isEqualTo(Map.of("type", "object"));
    assertThat(spec(McpSchema.Tool.builder().name("list").build()).description()).isEmpty();
    ToolSpec described = spec(McpSchema.Tool.builder().name("stat").title("Stat").description("Tells a file's size")
        .inputSchema(Map.of("type", "object", "required", List.of("path"))).build());
    assertThat(described.description()).isEqualTo("Tells a file's size");
    assertThat(described.parameters()).containsEntry("required", List.of("path"));
  }

  @Test
  void aResultsTextBlocksStayTextAndOtherContentBecomesJson() {
    McpSchema.CallToolResult mixed = McpSchema.CallToolResult.builder().addTextContent("first")
        .addContent(new McpSchema.ImageContent(null, "iVBO", "image/png")).isError(false).build();
    assertThat(McpTool.text(mixed)).startsWith("first\n{").contains("\"type\":\"image\"").contains("\"data\":\"iVBO\"")
        .contains("\"mimeType\":\"image/png\"");
  }

  @Test
  void aResultWithOnlyStructuredContentReadsAsItsJsonAndAnEmptyOneAsNothing() {
    McpSchema.CallToolResult structured = McpSchema.CallToolResult.builder()
        .structuredContent(Map.of("size", 42)).isError(false).build();
    assertThat(McpTool.text(structured)).isEqualTo("{\"size\":42}");
    assertThat(McpTool.text(McpSchema.CallToolResult.builder().isError(false).build())).isEmpty();
  }

  @Test
  void describeUnwrapsACompletionExceptionAndJoinsEveryCause() {
    Exception root = new IllegalStateException("connection refused");
    Exception middle = new RuntimeException("transport failed", root);
    CompletionException wrapped = new CompletionException(middle);
    assertThat(McpSource.cause(wrapped)).isSameAs(middle);
    assertThat(McpSource.cause(middle)).isSameAs(middle);
    assertThat(McpSource.cause(new CompletionException(null))).isInstanceOf(CompletionException.class);
    assertThat(McpSource.describe(wrapped)).isEqualTo("transport failed: connection refused");
    assertThat(McpSource.describe(new RuntimeException("alone"))).isEqualTo("alone");
  }
}
