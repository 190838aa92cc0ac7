package dev.nexus.bus;

/**
 * The podcast capability's answer to a {@link PodcastQuestion}: the host who answers and what they say, then the
 * host who leads back into the episode and their line. Streamed once, before the stream's end.
 */
public record PodcastAnswer(String requestId, String host, String text, String bridgeHost, String bridge) {
}
