package dev.nexus.bus;

/** Asks the stage working on a request to stop; the stage replies once nothing more will be emitted. */
public record CancelSignal(String requestId, String reason) {
}
