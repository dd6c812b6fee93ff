package io.homesales.cleaning.settings;

import io.homesales.cleaning.settings.SettingsReader.Key;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting, declared once: its environment variable and JSON key, how it is read and checked (its type,
 * default and bounds), where its value may be shown, its help line, and the accessor of the settings record that
 * holds it. Reading, validation, {@code cleaning-job help settings}, the settings the API answers, {@code toString},
 * the typo warning and the check of docs/settings.md all work from these declarations ({@link SettingRegistry}).
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 *
 * @param <O> the settings record that holds the value ({@code JobSettings}, {@code HttpSettings})
 * @param <T> the value's type
 */
public final class Setting<O, T> {

  /** Where a setting's value may be shown. */
  public enum Shown {
    /** In the settings the job answers with (its status, the API) and in {@code toString}. */
    PUBLIC,
    /** Where and as whom the job connects: in the status's connection part and in {@code toString}. */
    CONNECTION,
    /** A file path or the like, which an operator need not see: in {@code toString} and a verticle config only. */
    PRIVATE,
    /** A password or token: never shown ({@code toString} says {@code ***} or {@code none}); only a config has it. */
    SECRET
  }

  /** How the value is read from a reader, which records every problem instead of throwing. */
  @FunctionalInterface
  interface Reading<T> {
    T read(SettingsReader reader, Key key);
  }

  private final Key key;
  private final Reading<T> reading;
  private final Function<O, T> value;
  private final Function<T, Object> json;
  private final String fallback;
  private final String help;
  private final Shown shown;

  private Setting(Key key, Reading<T> reading, Function<O, T> value, Function<T, Object> json, String fallback,
      String help, Shown shown) {
    this.key = key;
    this.reading = reading;
    this.value = value;
    this.json = json;
    this.fallback = fallback;
    this.help = help;
    this.shown = shown;
  }

  /** A text that must be set. */
  public static <O> Setting<O, String> required(String env, String json, Function<O, String> value, String help) {
    return new Setting<>(new Key(env, json), SettingsReader::required, value, text -> text, "required", help,
        Shown.PUBLIC);
  }

  /** A text; {@code fallback} when unset (null: none). */
  public static <O> Setting<O, String> text(String env, String json, Function<O, String> value, String fallback,
      String help) {
    return new Setting<>(new Key(env, json), (r, key) -> r.optional(key, fallback), value, text -> text,
        fallback == null ? "none" : fallback, help, Shown.PUBLIC);
  }

  /** An integer from {@code min} to {@code max}; {@code fallback} when unset. */
  public static <O> Setting<O, Integer> integer(String env, String json, Function<O, Integer> value, int fallback,
      int min, int max, String help) {
    return new Setting<>(new Key(env, json), (r, key) -> r.integer(key, fallback, min, max), value, number -> number,
        String.valueOf(fallback), help, Shown.PUBLIC);
  }

  /** An integer from {@code min} to {@code max}, or null when unset. */
  public static <O> Setting<O, Integer> optionalInteger(String env, String json, Function<O, Integer> value,
      int min, int max, String help) {
    return new Setting<>(new Key(env, json), (r, key) -> r.optionalInteger(key, min, max), value, number -> number,
        "none", help, Shown.PUBLIC);
  }

  /** {@code true} or {@code false}; {@code fallback} when unset. */
  public static <O> Setting<O, Boolean> bool(String env, String json, Function<O, Boolean> value, boolean fallback,
      String help) {
    return new Setting<>(new Key(env, json), (r, key) -> r.bool(key, fallback), value, flag -> flag,
        String.valueOf(fallback), help, Shown.PUBLIC);
  }

  /** An ISO-8601 duration longer than zero; {@code fallback} when unset (null: none). */
  public static <O> Setting<O, Duration> duration(String env, String json, Function<O, Duration> value,
      Duration fallback, String help) {
    return new Setting<>(new Key(env, json), (r, key) -> r.duration(key, fallback), value, Duration::toString,
        fallback == null ? "none" : asWritten(fallback), help, Shown.PUBLIC);
  }

  /** A duration as a user writes it: whole days as {@code P90D}, which {@link Duration#toString} writes in hours. */
  private static String asWritten(Duration duration) {
    return duration.toSeconds() % 86_400 == 0 ? "P" + duration.toDays() + "D" : duration.toString();
  }

  /**
   * A value written in a grammar of its own: {@code parse} reads it or throws an {@link IllegalArgumentException}
   * whose message follows the setting's name ("must be ..."); {@code write} writes it back as read.
   */
  public static <O, T> Setting<O, T> parsed(String env, String json, Function<O, T> value, T fallback,
      Function<String, T> parse, Function<T, String> write, String help) {
    Reading<T> reading = (r, key) -> {
      String text = r.optional(key, null);
      if (text == null) {
        return fallback;
      }
      try {
        return parse.apply(text);
      } catch (IllegalArgumentException bad) {
        r.problem(key, bad.getMessage());
        return fallback;
      }
    };
    return new Setting<>(new Key(env, json), reading, value, write::apply,
        fallback == null ? "none" : write.apply(fallback), help, Shown.PUBLIC);
  }

  /** One of {@code choices}, each written as {@code name} gives it; {@code fallback} when unset. */
  public static <O, T> Setting<O, T> choice(String env, String json, Function<O, T> value, T fallback,
      List<T> choices, Function<T, String> name, String help) {
    List<String> names = choices.stream().map(name).toList();
    Reading<T> reading = (r, key) -> {
      String chosen = r.oneOf(key, name.apply(fallback), names);
      return choices.get(names.indexOf(chosen));
    };
    return new Setting<>(new Key(env, json), reading, value, name::apply, name.apply(fallback), help, Shown.PUBLIC);
  }

  /** The same setting, shown only where {@code shown} allows. */
  public Setting<O, T> shown(Shown where) {
    return new Setting<>(key, reading, value, json, fallback, help, where);
  }

  /** The same setting with its default described in words, where it is not a value ("the JVM's trust store"). */
  public Setting<O, T> fallbackText(String words) {
    return new Setting<>(key, reading, value, json, words, help, shown);
  }

  /** Reads the value, leaving any problem in the reader. */
  public T read(SettingsReader reader) {
    return reading.read(reader, key);
  }

  public Key key() {
    return key;
  }

  public String env() {
    return key.env();
  }

  public String json() {
    return key.json();
  }

  /** The default as help and docs/settings.md show it: a value, {@code required}, {@code none}, or words. */
  public String fallback() {
    return fallback;
  }

  public String help() {
    return help;
  }

  public Shown shown() {
    return shown;
  }

  /** This setting's value in {@code settings}. */
  public T valueIn(O settings) {
    return value.apply(settings);
  }

  /** This setting's value in {@code settings} as JSON writes it (a number, a boolean, a string); null if unset. */
  public Object jsonIn(O settings) {
    T v = value.apply(settings);
    return v == null ? null : json.apply(v);
  }

  /** This setting's value as {@code toString} shows it: a secret as {@code ***} or {@code none}. */
  String describeIn(O settings) {
    T v = value.apply(settings);
    if (shown == Shown.SECRET) {
      return v == null ? "none" : "***";
    }
    return Objects.toString(v == null ? null : json.apply(v));
  }

  @Override
  public String toString() {
    return key.env();
  }
}
