package io.homesales.cleaning.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.settings.JobSettings;
import io.homesales.cleaning.settings.Setting;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.md and {@code cleaning-job help settings} against the settings' declarations: each declared
 * setting has its row, with its JSON key and default, and its help line; each documented variable is declared.
 */
class SettingsDocsTest {

  private static List<Setting<?, ?>> declared() {
    List<Setting<?, ?>> all = new ArrayList<>(JobSettings.SETTINGS.all());
    all.addAll(HttpSettings.SETTINGS.all());
    all.add(Main.LOG_LEVEL);
    return all;
  }

  /** The rows of the docs' tables whose first cell is a variable: variable to its cells, backticks removed. */
  private static Map<String, List<String>> documented() throws Exception {
    Map<String, List<String>> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("docs/settings.md"))) {
      if (line.startsWith("| `")) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.substring(1, line.lastIndexOf('|')).split("\\|", -1)) {
          cells.add(cell.strip().replace("`", ""));
        }
        if (cells.get(0).matches("[A-Z][A-Z0-9_]+")) {
          rows.put(cells.get(0), cells);
        }
      }
    }
    return rows;
  }

  @Test
  void everyDeclaredSettingHasItsRowWithItsJsonKeyAndDefaultAndEveryRowIsDeclared() throws Exception {
    Map<String, List<String>> rows = documented();
    List<String> declaredNames = new ArrayList<>();
    for (Setting<?, ?> setting : declared()) {
      declaredNames.add(setting.env());
      List<String> row = rows.get(setting.env());
      assertTrue(row != null, setting.env() + " has no row in docs/settings.md");
      String json = setting == Main.LOG_LEVEL ? "" : setting.json();
      assertEquals(json, row.get(1), setting.env() + "'s JSON key in docs/settings.md");
      assertEquals(setting.fallback(), row.get(2), setting.env() + "'s default in docs/settings.md");
    }
    assertEquals(new TreeSet<>(declaredNames), new TreeSet<>(rows.keySet()), "the docs list the declared settings");
  }

  @Test
  void helpSettingsGivesEachDeclaredSettingItsLineWithItsDefault() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(List.of("help", "settings"), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    for (Setting<?, ?> setting : declared()) {
      String line = lines.stream().filter(l -> l.startsWith("  " + setting.env() + " ")).findFirst()
          .orElseThrow(() -> new AssertionError(setting.env() + " not in help settings"));
      assertTrue(line.contains(setting.help()), line);
      String fallback = setting.fallback();
      assertTrue(line.endsWith(fallback.equals("required") || fallback.startsWith("none") ? "(" + fallback + ")"
          : "(default: " + fallback + ")"), line);
    }
    assertTrue(lines.stream().anyMatch(l -> l.matches(
        "  CLEANING_JOB_BATCH_SIZE +events read and enriched together, a page at a time \\(default: 500\\)")),
        String.join("\n", lines));
  }
}
