package dev.nexus.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, validated reads from one verticle's configuration. Every failure names the source file and
 * the dotted key, so a user sees at once what to fix.
 */
public final class Settings {
  private final String source;
  private final String path;
  private final JsonObject json;

  public Settings(String source, JsonObject json) {
    this(source, "", json);
  }

  private Settings(String source, String path, JsonObject json) {
    this.source = source;
    this.path = path;
    this.json = json == null ? new JsonObject() : json;
  }

  public String source() {
    return source;
  }

  public JsonObject json() {
    return json;
  }

  private String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private ConfigException bad(String name, String expected, Object got) {
    return new ConfigException(source + ": key '" + key(name) + "' must be " + expected + " (got "
        + (got instanceof String ? "\"" + got + "\"" : String.valueOf(got)) + ")");
  }

  /** The configuration error for key {@code name} (in this section): what it must be, and what it was. */
  public ConfigException invalid(String name, String expected, Object got) {
    return bad(name, expected, got);
  }

  /** The nested section {@code name}, empty when absent. */
  public Settings section(String name) {
    Object value = json.getValue(name);
    if (value == null) {
      return new Settings(source, key(name), new JsonObject());
    }
    if (!(value instanceof JsonObject object)) {
      throw bad(name, "a mapping", value);
    }
    return new Settings(source, key(name), object);
  }

  public String string(String name, String fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s && !s.isBlank()) {
      return s;
    }
    throw bad(name, "a non-empty string", value);
  }

  public int integer(String name, int fallback, int min, int max) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.longValue() >= min && n.longValue() <= max) {
      return n.intValue();
    }
    throw bad(name, "an integer from " + min + " to " + max, value);
  }

  public double decimal(String name, double fallback, double min, double max) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max) {
      return n.doubleValue();
    }
    throw bad(name, "a number from " + min + " to " + max, value);
  }

  public boolean bool(String name, boolean fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    throw bad(name, "true or false", value);
  }

  /** One of the allowed words, compared without regard to case. */
  public String oneOf(String name, String fallback, List<String> allowed) {
    String value = string(name, fallback);
    for (String option : allowed) {
      if (option.equalsIgnoreCase(value)) {
        return option;
      }
    }
    throw bad(name, "one of " + allowed, value);
  }

  public List<String> strings(String name, List<String> fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof JsonArray array) {
      List<String> out = new ArrayList<>();
      for (Object item : array) {
        if (!(item instanceof String s)) {
          throw bad(name, "a list of strings", value);
        }
        out.add(s);
      }
      return out;
    }
    throw bad(name, "a list of strings", value);
  }
}
