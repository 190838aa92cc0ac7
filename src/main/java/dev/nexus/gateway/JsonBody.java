package dev.nexus.gateway;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** Typed reads from a JSON request body; each failure is a {@link BadField} naming the field. */
final class JsonBody {
  /** A request field the client must fix. */
  static final class BadField extends RuntimeException {
    final String param;

    BadField(String param, String message) {
      super(message);
      this.param = param;
    }
  }

  private final JsonObject json;

  private JsonBody(JsonObject json) {
    this.json = json;
  }

  /** The request's body as a JSON object, or a BadField explaining why it is not one. */
  static JsonBody of(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw new BadField(null, "The request body must be a JSON object");
    }
    try {
      return new JsonBody(new JsonObject(text));
    } catch (RuntimeException e) {
      throw new BadField(null, "The request body is not valid JSON: " + e.getMessage());
    }
  }

  String string(String name, String fallback, boolean required) {
    Object value = json.getValue(name);
    if (value == null) {
      if (required) {
        throw new BadField(name, "Missing required parameter: '" + name + "'");
      }
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw new BadField(name, "'" + name + "' must be a string");
    }
    return s;
  }

  double number(String name, double fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n)) {
      throw new BadField(name, "'" + name + "' must be a number");
    }
    return n.doubleValue();
  }

  /** One of the allowed strings, or a BadField listing them. */
  String choice(String name, String fallback, List<String> allowed) {
    String value = string(name, fallback, false);
    if (!allowed.contains(value)) {
      throw new BadField(name, "'" + name + "' must be one of " + allowed + " (got '" + value + "')");
    }
    return value;
  }
}
