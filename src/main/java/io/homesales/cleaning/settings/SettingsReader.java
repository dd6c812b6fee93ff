package io.homesales.cleaning.settings;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads settings one by one from the environment or a JSON config, collecting every problem instead of
 * stopping at the first, each named as its source names it (the variable, or the JSON key in quotes).
 * The job's settings and the HTTP surface's share it, so that one line can name every bad setting.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 */
public final class SettingsReader {

  /** One setting: its environment variable and its JSON key. */
  public record Key(String env, String json) {}

  private static final Logger LOG = LoggerFactory.getLogger(SettingsReader.class);

  private final Function<Key, String> source;
  private final Function<Key, String> name;
  private final List<String> problems = new ArrayList<>();
  private final List<String> warnings = new ArrayList<>();

  private SettingsReader(Function<Key, String> source, Function<Key, String> name) {
    this.source = source;
    this.name = name;
  }

  public static SettingsReader ofEnv(Map<String, String> env) {
    return new SettingsReader(key -> env.get(key.env()), Key::env);
  }

  /** A JSON config: a value may be a string or the JSON type of the setting (a number, a boolean). */
  public static SettingsReader ofJson(JsonObject config) {
    return new SettingsReader(key -> {
      Object value = config.getValue(key.json());
      return value == null ? null : String.valueOf(value);
    }, key -> "'" + key.json() + "'");
  }

  /**
   * A JSON config of the settings {@code known}, with a warning for each key that is a likely typo of one of
   * them ({@link UnknownSettings#jsonWarnings}).
   */
  public static SettingsReader ofJson(JsonObject config, List<Key> known) {
    SettingsReader reader = ofJson(config);
    reader.warnings.addAll(UnknownSettings.jsonWarnings(config, known));
    return reader;
  }

  /** The problems found so far, each naming its setting. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  /**
   * Settings that work but are likely not what was meant (a setting that has no effect, a combination that
   * refuses every request), each naming its setting: a warning, never a refusal.
   */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Throws every problem found so far, in one exception. */
  public void check() {
    if (!problems.isEmpty()) {
      throw new SettingsException(problems);
    }
  }

  /**
   * Reads one group of settings and checks it: its value, or a {@link SettingsException} naming every problem.
   * Its warnings are logged: the command line prints them itself ({@link #warnings}).
   */
  public <T> T readChecked(Function<SettingsReader, T> read) {
    T settings = read.apply(this);
    check();
    warnings.forEach(warning -> LOG.warn("setting: {}", warning));
    return settings;
  }

  public String required(Key key) {
    String value = source.apply(key);
    if (value == null || value.isBlank()) {
      problems.add(name.apply(key) + " is missing");
      return null;
    }
    return value;
  }

  public String optional(Key key, String fallback) {
    String value = source.apply(key);
    return value == null || value.isEmpty() ? fallback : value;
  }

  /** An integer within [min, max]; the fallback when unset. */
  public int integer(Key key, int fallback, int min, int max) {
    Integer value = optionalInteger(key, min, max);
    return value == null ? fallback : value;
  }

  /** An integer within [min, max], or null when unset. */
  public Integer optionalInteger(Key key, int min, int max) {
    String value = source.apply(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException notAnInteger) {
      // reported below
    }
    problems.add(name.apply(key) + " must be an integer from " + min + " to " + max + " (got '" + value + "')");
    return null;
  }

  public boolean bool(Key key, boolean fallback) {
    String value = source.apply(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> {
        problems.add(name.apply(key) + " must be true or false (got '" + value + "')");
        yield fallback;
      }
    };
  }

  /** An ISO-8601 duration ({@code PT30M}, {@code P90D}) longer than zero, or the fallback (may be null). */
  public Duration duration(Key key, Duration fallback) {
    String value = source.apply(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      Duration parsed = Duration.parse(value.trim());
      if (!parsed.isNegative() && !parsed.isZero()) {
        return parsed;
      }
    } catch (DateTimeParseException notADuration) {
      // reported below
    }
    problems.add(name.apply(key) + " must be an ISO-8601 duration longer than zero, such as PT30M or P90D (got '"
        + value + "')");
    return fallback;
  }

  /** One of {@code allowed}, as written; the fallback when unset. */
  public String oneOf(Key key, String fallback, List<String> allowed) {
    String value = source.apply(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    if (allowed.contains(value.trim())) {
      return value.trim();
    }
    problems.add(name.apply(key) + " must be one of " + String.join(", ", allowed) + " (got '" + value + "')");
    return fallback;
  }

  /** Records a problem found by the caller (a rule across settings), naming the setting. */
  public void problem(Key key, String message) {
    problems.add(name.apply(key) + " " + message);
  }

  /** Records a warning found by the caller, naming the setting. */
  public void warning(Key key, String message) {
    warnings.add(name.apply(key) + " " + message);
  }

  /** The setting's name as this reader's source names it: the variable, or the JSON key in quotes. */
  public String nameOf(Key key) {
    return name.apply(key);
  }

  public void problem(Setting<?, ?> setting, String message) {
    problem(setting.key(), message);
  }

  public void warning(Setting<?, ?> setting, String message) {
    warning(setting.key(), message);
  }

  public String nameOf(Setting<?, ?> setting) {
    return nameOf(setting.key());
  }
}
