package dev.nexus.synthesis.engine;

/**
 * A voice a synthesizer offers.
 *
 * @param id what requests name, e.g. {@code en-us+f3} or an alias such as {@code nova}
 * @param spec what the engine is given for this voice
 */
public record Voice(String id, String name, String language, String gender, String engine, String spec) {
}
