package io.homesales.cleaning.settings;

import io.homesales.cleaning.settings.Setting.Shown;
import io.homesales.cleaning.settings.SettingsReader.Key;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings of one part of the job ({@code JobSettings}, {@code HttpSettings}), in the order help and
 * docs/settings.md list them: what their JSON forms, {@code toString} and help are made from, so that a new
 * setting is one declaration added here.
 *
 * <p>Public for the job's own packages; not a supported API (docs/embedding.md lists what is).
 *
 * @param <O> the settings record
 */
public final class SettingRegistry<O> {

  private final List<Setting<O, ?>> settings;

  @SafeVarargs
  public SettingRegistry(Setting<O, ?>... settings) {
    this.settings = List.of(settings);
  }

  /** Every setting, in order. */
  public List<Setting<O, ?>> all() {
    return settings;
  }

  /** Every setting's variable and JSON key, in order. */
  public List<Key> keys() {
    return settings.stream().<Key>map(Setting::key).toList();
  }

  /**
   * The values of the settings shown as {@code shown} says, by JSON key; unset ones left out. With
   * {@link Shown#SECRET}, this is what a verticle config needs to read the same settings back.
   */
  public JsonObject json(O values, Set<Shown> shown) {
    JsonObject json = new JsonObject();
    for (Setting<O, ?> setting : settings) {
      Object value = setting.jsonIn(values);
      if (shown.contains(setting.shown()) && value != null) {
        json.put(setting.json(), value);
      }
    }
    return json;
  }

  /** Every value as JSON: a config to read the same settings from, secrets included. */
  public JsonObject config(O values) {
    return json(values, EnumSet.allOf(Shown.class));
  }

  /** {@code Name[key=value, ...]}, every setting in order, secrets as {@code ***} or {@code none}. */
  public String describe(String name, O values) {
    return settings.stream().map(setting -> setting.json() + "=" + setting.describeIn(values))
        .collect(Collectors.joining(", ", name + "[", "]"));
  }

  /** A line per setting for {@code cleaning-job help settings}: its variable, its default, its help line. */
  public String help() {
    int width = settings.stream().mapToInt(setting -> setting.env().length()).max().orElse(0) + 2;
    return settings.stream().map(setting -> "  " + pad(setting.env(), width) + setting.help() + " ("
        + (setting.fallback().equals("required") || setting.fallback().startsWith("none") ? setting.fallback()
            : "default: " + setting.fallback()) + ")")
        .collect(Collectors.joining("\n"));
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(1, width - text.length()));
  }
}
