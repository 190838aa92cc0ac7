package dev.nexus.bus;

/**
 * A listener's question during a live episode, asked of the podcast capability at the place they stopped hearing
 * it: the best placed host answers in character, from the source.
 *
 * @param segment the segment the listener was in
 * @param turn the turn of that segment
 * @param offset the character in that turn's text the listener last heard
 */
public record PodcastQuestion(RequestContext context, String podcastId, String question, int segment, int turn,
    int offset) {
}
