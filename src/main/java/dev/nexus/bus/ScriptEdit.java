package dev.nexus.bus;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One change to a ready episode's script, as the gateway parsed it from {@code PATCH /v1/podcasts/{id}/script}:
 * a turn's text or host changed, a turn inserted, or a turn removed. Turn numbers count in the script as the edits
 * before this one in the same request left it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({@JsonSubTypes.Type(value = ScriptEdit.Change.class, name = "change"),
    @JsonSubTypes.Type(value = ScriptEdit.Insert.class, name = "insert"),
    @JsonSubTypes.Type(value = ScriptEdit.Delete.class, name = "delete")})
public sealed interface ScriptEdit permits ScriptEdit.Change, ScriptEdit.Insert, ScriptEdit.Delete {
  /** The segment the edit is in. */
  int segment();

  /** A turn's new text and/or host ({@code null}: unchanged). */
  record Change(int segment, int turn, String host, String text) implements ScriptEdit {
  }

  /** A new turn after turn {@code after} of the segment ({@code -1}: at the segment's start). */
  record Insert(int segment, int after, String host, String text) implements ScriptEdit {
  }

  /** A turn removed. */
  record Delete(int segment, int turn) implements ScriptEdit {
  }
}
