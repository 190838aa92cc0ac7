package dev.nexus.gateway.realtime;

import io.vertx.core.json.JsonObject;

/** Typed reads of a client event's fields: a field of the wrong type is a {@link ProtocolError} naming it. */
final class EventFields {
  private EventFields() {
  }

  /** An object or null; {@code param} names the field in the error. */
  static JsonObject object(JsonObject json, String key, String param) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw ProtocolError.invalid(param, "'" + param + "' must be an object");
    }
    return (JsonObject) value;
  }

  /** A string (required). */
  static String string(JsonObject json, String key, String param) {
    if (!(json.getValue(key) instanceof String s)) {
      throw ProtocolError.invalid(param, "'" + param + "' must be a string");
    }
    return s;
  }

  /** A number in [min, max] (required). */
  static double number(JsonObject json, String key, String param, double min, double max) {
    if (!(json.getValue(key) instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max) {
      throw ProtocolError.invalid(param, "'" + param + "' must be a number from " + min + " to " + max
          + " (got " + json.getValue(key) + ")");
    }
    return n.doubleValue();
  }

  /** A boolean, or {@code fallback} when absent; the error names {@code param.key}. */
  static boolean bool(JsonObject json, String key, String param, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw ProtocolError.invalid(param + "." + key, "'" + key + "' must be a boolean");
    }
    return b;
  }
}
