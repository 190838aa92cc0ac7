package dev.nexus.bus;

/** A model's request to call a tool; {@code arguments} is a JSON object as text, as in OpenAI's API. */
public record ToolCall(String id, String name, String arguments) {
}
