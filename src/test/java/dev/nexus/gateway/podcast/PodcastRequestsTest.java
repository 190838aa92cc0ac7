package dev.nexus.gateway.podcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nexus.bus.JsonRecordCodec;
import dev.nexus.bus.PodcastOrder;
import dev.nexus.bus.ScriptEdit;
import dev.nexus.bus.ScriptEdits;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The podcast requests' one parser: orders and script edits from JSON, every mistake naming its field. */
class PodcastRequestsTest {
  @Test
  void anOrderIsParsedWithItsDefaultsAndTravelsTheBusIntact() {
    PodcastOrder order = PodcastRequests.order(new JsonObject().put("text", "  Some text.  ").put("style", "Deep dive")
        .put("hosts", new JsonArray().add(new JsonObject().put("name", "Ana").put("persona", "curious"))
            .add(new JsonObject().put("name", "Ben").put("voice", "nova"))));
    assertThat(order).isEqualTo(new PodcastOrder(PodcastOrder.Kind.TEXT, "Some text.", 3, "deep_dive",
        List.of(new PodcastOrder.Host("Ana", "alloy", "curious"), new PodcastOrder.Host("Ben", "nova", null))));
    assertThat(PodcastRequests.order(new JsonObject().put("url", "https://example.org/a")).hosts()).isEmpty();
    JsonRecordCodec<PodcastOrder> codec = new JsonRecordCodec<>(PodcastOrder.class);
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, order);
    assertThat(codec.decodeFromWire(0, wire)).isEqualTo(order);
  }

  @Test
  void aBadOrderNamesTheField() {
    Map<JsonObject, String> cases = Map.of(
        new JsonObject(), "null:give exactly one of 'topic', 'text' or 'url'",
        new JsonObject().put("text", "x").put("topic", "y"), "null:give exactly one of 'topic', 'text' or 'url'",
        new JsonObject().put("topic", " "), "topic:'topic' must be a non-empty string",
        new JsonObject().put("url", "ftp://example.org/x"), "url:'url' must be an http:// or https:// URL",
        new JsonObject().put("text", "x").put("minutes", "lots"), "minutes:'minutes' must be a number",
        new JsonObject().put("text", "x").put("style", "opera"), "style:'style' must be one of [deep_dive, brief, debate]",
        new JsonObject().put("text", "x").put("hosts", new JsonArray().add(new JsonObject().put("name", "Solo"))),
        "hosts:'hosts' must be an array of 2 to 4 {\"name\",\"voice\"} objects",
        new JsonObject().put("text", "x").put("hosts", new JsonArray().add(new JsonObject().put("name", "A"))
            .add(new JsonObject().put("name", "a"))), "hosts[1]:host names must differ (a twice)",
        new JsonObject().put("text", "x").put("hosts", new JsonArray().add(new JsonObject().put("name", "A"))
            .add(new JsonObject().put("name", "<b>"))),
        "hosts[1]:hosts[1] needs a 'name' (1 to 40 letters, digits, spaces) and a 'voice'");
    cases.forEach((json, expected) -> assertThatThrownBy(() -> PodcastRequests.order(json))
        .isInstanceOfSatisfying(PodcastRequests.BadField.class,
            e -> assertThat(e.param + ":" + e.getMessage()).isEqualTo(expected)));
  }

  @Test
  void aLiveUrlsQueryBecomesTheSameRequest() {
    MultiMap query = MultiMap.caseInsensitiveMultiMap().add("topic", "tides").add("minutes", "1.5")
        .add("hosts", "Ana:echo, Ben").add("input_rate", "16000");
    assertThat(PodcastRequests.query(query)).isEqualTo(new JsonObject().put("topic", "tides").put("minutes", 1.5)
        .put("hosts", new JsonArray().add(new JsonObject().put("name", "Ana").put("voice", "echo"))
            .add(new JsonObject().put("name", "Ben").put("voice", "alloy"))));
    assertThat(PodcastRequests.query(MultiMap.caseInsensitiveMultiMap().add("audio", "binary"))).isNull();
    JsonObject oddMinutes = PodcastRequests.query(MultiMap.caseInsensitiveMultiMap().add("text", "x").add("minutes", "few"));
    assertThatThrownBy(() -> PodcastRequests.order(oddMinutes)).hasMessage("'minutes' must be a number");
  }

  @Test
  void scriptEditsAreParsedAndTravelTheBusIntact() {
    ScriptEdits edits = PodcastRequests.edits("pod_abcdefgh12345678", new JsonObject().put("edits", new JsonArray()
        .add(new JsonObject().put("segment", 0).put("turn", 2).put("text", " New words. "))
        .add(new JsonObject().put("segment", 1).put("insert_after", -1).put("host", "Sam").put("text", "Hi."))
        .add(new JsonObject().put("segment", 1).put("turn", 3).put("delete", true))));
    assertThat(edits.edits()).containsExactly(new ScriptEdit.Change(0, 2, null, "New words."),
        new ScriptEdit.Insert(1, -1, "Sam", "Hi."), new ScriptEdit.Delete(1, 3));
    JsonRecordCodec<ScriptEdits> codec = new JsonRecordCodec<>(ScriptEdits.class);
    Buffer wire = Buffer.buffer();
    codec.encodeToWire(wire, edits);
    assertThat(codec.decodeFromWire(0, wire)).isEqualTo(edits);
  }

  @Test
  void aBadEditNamesItsPlaceInTheList() {
    Map<Object, String> cases = Map.of(
        "none", "edits:'edits' must be an array of 1 to 200 edits",
        new JsonArray(), "edits:'edits' must be an array of 1 to 200 edits",
        new JsonArray().add(7), "edits[0]:edits[0] must be an object",
        new JsonArray().add(new JsonObject().put("turn", 0).put("text", "x")),
        "edits[0].segment:edits[0]: 'segment' must be a whole number from 0",
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 1).put("insert_after", 0)),
        "edits[0]:edits[0]: give exactly one of 'turn' (to change or delete a turn) or 'insert_after' (to add one)",
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 1)),
        "edits[0]:edits[0]: a change needs a new 'text', a new 'host', or both",
        new JsonArray().add(new JsonObject().put("segment", 0).put("insert_after", 0).put("text", "x")),
        "edits[0]:edits[0]: a new turn needs a 'host' and a 'text'",
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 1).put("delete", true).put("text", "x")),
        "edits[0]:edits[0]: a delete names only 'segment' and 'turn'",
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 1).put("delete", "yes")),
        "edits[0].delete:edits[0]: 'delete' must be true or false",
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 1.5).put("text", "x")),
        "edits[0].turn:edits[0]: 'turn' must be a whole number from 0");
    cases.forEach((edits, expected) -> assertThatThrownBy(() -> PodcastRequests.edits("pod_x",
        new JsonObject().put("edits", edits))).isInstanceOfSatisfying(PodcastRequests.BadField.class,
            e -> assertThat(e.param + ":" + e.getMessage()).isEqualTo(expected)));
    assertThatThrownBy(() -> PodcastRequests.edits("pod_x", new JsonObject().put("edits", new JsonArray()
        .add(new JsonObject().put("segment", 0).put("turn", 0).put("text", "x".repeat(4001))))))
        .hasMessage("edits[0]: 'text' must be a non-empty string of at most 4000 characters");
  }

  @Test
  void everyOtherBadOrderFieldIsNamedToo() {
    JsonArray two = new JsonArray().add(new JsonObject().put("name", "Ana")).add(new JsonObject().put("name", "Ben"));
    Map<JsonObject, String> cases = Map.ofEntries(
        Map.entry(new JsonObject().put("text", 42), "text:'text' must be a non-empty string"),
        Map.entry(new JsonObject().put("url", "http://exa mple.org/"), "url:'url' must be an http:// or https:// URL"),
        Map.entry(new JsonObject().put("url", "https:/no-host"), "url:'url' must be an http:// or https:// URL"),
        Map.entry(new JsonObject().put("url", "no scheme"), "url:'url' must be an http:// or https:// URL"),
        Map.entry(new JsonObject().put("text", "x").put("minutes", Double.NaN), "minutes:'minutes' must be a number"),
        Map.entry(new JsonObject().put("text", "x").put("minutes", Double.POSITIVE_INFINITY),
            "minutes:'minutes' must be a number"),
        Map.entry(new JsonObject().put("text", "x").put("style", 42),
            "style:'style' must be one of [deep_dive, brief, debate]"),
        Map.entry(new JsonObject().put("text", "x").put("hosts", "Ana, Ben"),
            "hosts:'hosts' must be an array of 2 to 4 {\"name\",\"voice\"} objects"),
        Map.entry(new JsonObject().put("text", "x").put("hosts", two.copy().add(new JsonObject().put("name", "C"))
            .add(new JsonObject().put("name", "D")).add(new JsonObject().put("name", "E"))),
            "hosts:'hosts' must be an array of 2 to 4 {\"name\",\"voice\"} objects"),
        Map.entry(new JsonObject().put("text", "x").put("hosts", two.copy().add("Cy")),
            "hosts[2]:hosts[2] needs a 'name' (1 to 40 letters, digits, spaces) and a 'voice'"),
        Map.entry(new JsonObject().put("text", "x").put("hosts", two.copy().add(new JsonObject().put("name", 7))),
            "hosts[2]:hosts[2] needs a 'name' (1 to 40 letters, digits, spaces) and a 'voice'"),
        Map.entry(new JsonObject().put("text", "x").put("hosts", two.copy().add(new JsonObject().put("name", "C")
            .put("voice", 3))), "hosts[2]:hosts[2] needs a 'name' (1 to 40 letters, digits, spaces) and a 'voice'"));
    cases.forEach((json, expected) -> assertThatThrownBy(() -> PodcastRequests.order(json)).as(json.encode())
        .isInstanceOfSatisfying(PodcastRequests.BadField.class,
            e -> assertThat(e.param + ":" + e.getMessage()).isEqualTo(expected)));
    assertThat(PodcastRequests.order(new JsonObject().put("topic", "tides").put("minutes", 2).put("style", "Brief"))
        .style()).isEqualTo("brief");
  }

  @Test
  void everyOtherBadEditIsNamedToo() {
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i <= PodcastRequests.MAX_EDITS; i++) {
      tooMany.add(new JsonObject().put("segment", 0).put("turn", 0).put("text", "x"));
    }
    Map<Object, String> cases = Map.of(
        tooMany, "edits:'edits' must be an array of 1 to 200 edits",
        new JsonArray().add(new JsonObject().put("segment", -1).put("turn", 0).put("text", "x")),
        "edits[0].segment:edits[0]: 'segment' must be a whole number from 0",
        new JsonArray().add(new JsonObject().put("segment", 0).put("insert_after", -2).put("host", "A").put("text", "x")),
        "edits[0].insert_after:edits[0]: 'insert_after' must be a whole number from -1",
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 0).put("delete", true).put("host", "A")),
        "edits[0]:edits[0]: a delete names only 'segment' and 'turn'",
        new JsonArray().add(new JsonObject().put("segment", 0).put("insert_after", 0).put("delete", true)),
        "edits[0]:edits[0]: a delete names only 'segment' and 'turn'",
        new JsonArray().add(new JsonObject().put("segment", 0).put("insert_after", 0).put("host", "A")),
        "edits[0]:edits[0]: a new turn needs a 'host' and a 'text'",
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 0).put("text", "  ")),
        "edits[0].text:edits[0]: 'text' must be a non-empty string of at most 4000 characters",
        new JsonArray().add(new JsonObject().put("segment", 0).put("turn", 0).put("host", 5)),
        "edits[0].host:edits[0]: 'host' must be a non-empty string of at most 40 characters");
    cases.forEach((edits, expected) -> assertThatThrownBy(() -> PodcastRequests.edits("pod_x",
        new JsonObject().put("edits", edits))).as(expected).isInstanceOfSatisfying(PodcastRequests.BadField.class,
            e -> assertThat(e.param + ":" + e.getMessage()).isEqualTo(expected)));
    assertThat(PodcastRequests.edits("pod_x", new JsonObject().put("edits", new JsonArray().add(new JsonObject()
        .put("segment", 0).put("turn", 1).put("host", " Sam ")))).edits())
        .containsExactly(new ScriptEdit.Change(0, 1, "Sam", null));
  }
}
