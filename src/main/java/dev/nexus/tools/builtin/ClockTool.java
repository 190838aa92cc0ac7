package dev.nexus.tools.builtin;

import dev.nexus.bus.RequestContext;
import dev.nexus.bus.ToolSpec;
import dev.nexus.tools.Tool;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The clock tool: the current date and time in a time zone. */
public final class ClockTool implements Tool {
  private final Clock clock;

  public ClockTool(Clock clock) {
    this.clock = clock;
  }

  @Override
  public ToolSpec spec() {
    return new ToolSpec("clock", "The current date and time, in a time zone (default UTC).", Map.of(
        "type", "object",
        "properties", Map.of("timezone", Map.of("type", "string", "description", "an IANA zone such as Europe/Paris"))),
        null);
  }

  @Override
  public Future<String> call(JsonObject arguments, RequestContext context) {
    ZoneId zone;
    try {
      zone = ZoneId.of(arguments.getString("timezone", "UTC"));
    } catch (DateTimeException | ClassCastException e) {
      return Future.failedFuture("unknown time zone '" + arguments.getValue("timezone") + "'");
    }
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
    return Future.succeededFuture(new JsonObject()
        .put("iso", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .put("timezone", zone.getId())
        .put("spoken", now.format(DateTimeFormatter.ofPattern("H:mm 'on' EEEE, d MMMM yyyy", Locale.ENGLISH)))
        .encode());
  }
}
