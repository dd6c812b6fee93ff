package io.homesales.cleaning.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The supported API is a choice: every public type of the packages an embedder imports is listed here, as
 * supported or not. Adding a public type fails this test until it is listed; a supported one must be in
 * docs/embedding.md, and every other one must say in its javadoc that it is not supported.
 */
class SupportedApiTest {

  private static final String BASE = "io.homesales.cleaning.";

  /** Each public type of settings, run, job and http: true when supported. */
  private static final Map<String, Boolean> PUBLIC_TYPES = new TreeMap<>(Map.ofEntries(
      Map.entry("settings.JobSettings", true),
      Map.entry("settings.Addresses", true),
      Map.entry("settings.SettingsException", true),
      Map.entry("settings.SettingsReader", false),
      Map.entry("settings.UnknownSettings", false),
      Map.entry("settings.Setting", false),
      Map.entry("settings.SettingRegistry", false),
      Map.entry("settings.PemFile", false),
      Map.entry("run.RunSummary", true),
      Map.entry("run.RunStatus", true),
      Map.entry("run.RunTrigger", true),
      Map.entry("run.CleaningRun", false),
      Map.entry("run.Iso", false),
      Map.entry("run.JobMetrics", false),
      Map.entry("run.RunInProgressException", false),
      Map.entry("run.RunOnce", false),
      Map.entry("run.RunRequest", false),
      Map.entry("job.CleaningJobVerticle", true),
      Map.entry("job.JobSchema", true),
      Map.entry("job.ApiException", false),
      Map.entry("job.Alerts", false),
      Map.entry("job.HoldControl", false),
      Map.entry("job.ReprocessRequest", false),
      Map.entry("job.Reprocessor", false),
      Map.entry("http.OperationsApi", true),
      Map.entry("http.OperationsServer", true),
      Map.entry("http.HttpSettings", true)));

  @Test
  void everyPublicTypeIsListedAsSupportedOrNot() throws Exception {
    Map<String, Boolean> found = new TreeMap<>();
    for (String pkg : new String[] {"settings", "run", "job", "http"}) {
      try (Stream<Path> classes = Files.list(Path.of("target", "classes", "io", "homesales", "cleaning", pkg))) {
        for (Path file : classes.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
          String name = file.getFileName().toString().replace(".class", "");
          if (name.equals("package-info")) {
            continue;
          }
          Class<?> type = Class.forName(BASE + pkg + "." + name);
          if (Modifier.isPublic(type.getModifiers())) {
            found.put(pkg + "." + name, PUBLIC_TYPES.getOrDefault(pkg + "." + name, null));
          }
        }
      }
    }
    assertEquals(PUBLIC_TYPES.keySet(), found.keySet(), "a public type added or removed: list it here, supported"
        + " (and in docs/embedding.md) or not (and say so in its javadoc)");
  }

  @Test
  void supportedTypesAreDocumentedAndTheOthersSayTheyAreNot() throws IOException {
    String embedding = Files.readString(Path.of("docs", "embedding.md"));
    for (Map.Entry<String, Boolean> type : PUBLIC_TYPES.entrySet()) {
      String simple = type.getKey().substring(type.getKey().indexOf('.') + 1);
      String source = Files.readString(Path.of("src", "main", "java", "io", "homesales", "cleaning",
          type.getKey().replace('.', '/') + ".java"));
      if (type.getValue()) {
        assertTrue(embedding.contains(BASE + type.getKey()), type.getKey() + " is supported: docs/embedding.md"
            + " names it with its package");
      } else {
        assertTrue(source.contains("not a supported API"), type.getKey() + " is public but not supported: its"
            + " javadoc says so");
        assertTrue(!embedding.contains(simple + "."), type.getKey() + " is not supported: docs/embedding.md"
            + " does not tell an embedder to call it");
      }
    }
  }
}
