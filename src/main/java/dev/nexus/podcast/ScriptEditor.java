package dev.nexus.podcast;

import dev.nexus.bus.ScriptEdit;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Makes script edits: each edit, in order, on the script the edits before it left; says which segments changed.
 * An edit that does not fit the script is a {@link BadRequest} naming it ({@code edits[1]: segment 1 has no turn 9}).
 */
final class ScriptEditor {
  /** The edited script (the changed segments' turns not timed yet) and the segments whose turns changed. */
  record Edited(PodcastScript script, SortedSet<Integer> changed) {
  }

  private ScriptEditor() {
  }

  static Edited apply(PodcastScript script, List<ScriptEdit> edits) {
    List<List<PodcastScript.Turn>> turns = new ArrayList<>();
    script.segments().forEach(s -> turns.add(new ArrayList<>(s.turns())));
    SortedSet<Integer> changed = new TreeSet<>();
    for (int i = 0; i < edits.size(); i++) {
      ScriptEdit edit = edits.get(i);
      String at = "edits[" + i + "]: ";
      if (edit.segment() < 0 || edit.segment() >= turns.size()) {
        throw new BadRequest(at + "the episode has no segment " + edit.segment() + " (it has " + turns.size()
            + ", from 0)");
      }
      List<PodcastScript.Turn> segment = turns.get(edit.segment());
      String where = "segment " + edit.segment();
      if (edit instanceof ScriptEdit.Change change) {
        PodcastScript.Turn old = turn(segment, change.turn(), at + where);
        PodcastScript.Turn now = PodcastScript.Turn.of(
            change.host() == null ? old.host() : host(script, change.host(), at), 
            change.text() == null ? old.text() : change.text());
        if (now.host().equals(old.host()) && now.text().equals(old.text())) {
          continue; // nothing to say again
        }
        segment.set(change.turn(), now);
      } else if (edit instanceof ScriptEdit.Insert insert) {
        if (insert.after() < -1 || insert.after() >= segment.size()) {
          throw new BadRequest(at + where + " has no turn " + insert.after() + " to insert after (it has "
              + segment.size() + ", from 0; -1 inserts first)");
        }
        segment.add(insert.after() + 1, PodcastScript.Turn.of(host(script, insert.host(), at), insert.text()));
      } else if (edit instanceof ScriptEdit.Delete delete) {
        turn(segment, delete.turn(), at + where);
        if (segment.size() == 1) {
          throw new BadRequest(at + where + " would have no turns left");
        }
        segment.remove(delete.turn());
      }
      changed.add(edit.segment());
    }
    List<PodcastScript.Segment> segments = new ArrayList<>();
    for (int s = 0; s < turns.size(); s++) {
      segments.add(new PodcastScript.Segment(script.segments().get(s).title(), turns.get(s)));
    }
    return new Edited(script.withSegments(segments, script.audio()), changed);
  }

  private static PodcastScript.Turn turn(List<PodcastScript.Turn> segment, int turn, String where) {
    if (turn < 0 || turn >= segment.size()) {
      throw new BadRequest(where + " has no turn " + turn + " (it has " + segment.size() + ", from 0)");
    }
    return segment.get(turn);
  }

  /** The host's name as the script spells it. */
  private static String host(PodcastScript script, String name, String at) {
    return script.hosts().stream().map(PodcastScript.Host::name).filter(n -> n.equalsIgnoreCase(name.trim()))
        .findFirst().orElseThrow(() -> new BadRequest(at + "no host named '" + name + "' (the hosts are "
            + String.join(", ", script.hosts().stream().map(PodcastScript.Host::name).toList()) + ")"));
  }
}
