package dev.nexus.bus;

/** A call of one tool, sent to {@code nexus.tools.<name>}; the reply is a {@link ToolResult}. */
public record ToolInvocation(RequestContext context, String name, String arguments) {
}
