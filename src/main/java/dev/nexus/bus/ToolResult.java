package dev.nexus.bus;

/** What a tool answered: content for the model, and whether it is an error the model should see. */
public record ToolResult(String name, String content, boolean error) {
  public static ToolResult ok(String name, String content) {
    return new ToolResult(name, content, false);
  }

  public static ToolResult error(String name, String message) {
    return new ToolResult(name, message, true);
  }
}
