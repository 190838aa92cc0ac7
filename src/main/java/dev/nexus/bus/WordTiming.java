package dev.nexus.bus;

/** A word and where it starts in a produced audio stream, in milliseconds from the stream's start. */
public record WordTiming(String word, int textOffset, long startMs) {
}
