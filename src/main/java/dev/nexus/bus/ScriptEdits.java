package dev.nexus.bus;

import java.util.List;

/** A request to edit a ready episode's script: the edits, applied in order, then the changed segments re-spoken. */
public record ScriptEdits(String podcastId, List<ScriptEdit> edits) {
  public ScriptEdits {
    edits = List.copyOf(edits);
  }
}
