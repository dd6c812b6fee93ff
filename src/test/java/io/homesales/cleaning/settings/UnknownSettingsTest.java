package io.homesales.cleaning.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.homesales.cleaning.http.HttpSettings;
import io.homesales.cleaning.settings.SettingsReader.Key;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Typos in the environment: a warning naming the closest setting, and none for what is known or foreign. */
class UnknownSettingsTest {

  private static List<Key> known() {
    List<Key> known = new ArrayList<>(JobSettings.KEYS);
    known.addAll(HttpSettings.KEYS);
    return known;
  }

  @Test
  void everyKnownSettingIsKnownFromTheSettingsOwnLists() {
    for (Key key : known()) {
      assertEquals(List.of(), UnknownSettings.warnings(Map.of(key.env(), "x"), known()), key.env());
    }
  }

  @Test
  void aTypoNamesTheClosestSetting() {
    List<String> names = known().stream().map(Key::env).toList();
    assertEquals("CLEANING_JOB_BATCH_SIZE", UnknownSettings.closest("CLEANING_JOB_BATCHSIZE", names));
    assertEquals("CLEANING_JOB_INTERVAL_SECONDS", UnknownSettings.closest("CLEANING_JOB_INTERVAL_SECOND", names));
    assertEquals("CLEANING_JOB_CONCURRENCY", UnknownSettings.closest("CLEANING_JOB_CONCURENCY", names));
    assertEquals("CLEANING_JOB_API_TOKEN", UnknownSettings.closest("CLEANING_JOB_TOKEN", names), "by its words");
    assertEquals("CLEANING_JOB_HTTP_PORT", UnknownSettings.closest("CLEANING_JOB_HTTP_PROT", names));
    assertNull(UnknownSettings.closest("CLEANING_JOB_COLOUR", names));
    assertEquals(3, UnknownSettings.distance("kitten", "sitting"));
    assertEquals(0, UnknownSettings.distance("", ""));
  }

  @Test
  void whatKubernetesInjectsForAServiceNamedCleaningJobIsNotWarnedAbout() {
    Map<String, String> env = Map.of("CLEANING_JOB_PORT", "tcp://10.0.0.7:8080",
        "CLEANING_JOB_PORT_8080_TCP", "tcp://10.0.0.7:8080", "CLEANING_JOB_PORT_8080_TCP_PROTO", "tcp",
        "CLEANING_JOB_SERVICE_HOST", "10.0.0.7", "CLEANING_JOB_SERVICE_PORT_HTTP", "8080", "PATH", "/usr/bin");
    assertEquals(List.of(), UnknownSettings.warnings(env, known()));
  }

  @Test
  void warningsAreSortedAndLibpqVariablesTheJobDoesNotReadAreNamed() {
    assertEquals(List.of(
        "CLEANING_JOB_BATCHSIZE is not a setting of this job and is ignored; did you mean CLEANING_JOB_BATCH_SIZE?",
        "PGPASSFILE is ignored: the job reads its password from PGPASSWORD only"),
        UnknownSettings.warnings(Map.of("PGPASSFILE", "~/.pgpass", "CLEANING_JOB_BATCHSIZE", "100", "PGHOST", "db"),
            known()));
  }

  @Test
  void aLikelyTypoInAVerticlesConfigIsWarnedAboutAndAHostsOwnKeysAreLeftAlone() {
    JsonObject config = new JsonObject().put("host", "db").put("database", "sales").put("user", "cleaner")
        .put("batchsize", 100).put("intervalSecond", 60).put("httpPort", 8080).put("apiToken", "x")
        .put("myServiceUrl", "http://elsewhere").put("address", "mine.run");
    SettingsReader reader = SettingsReader.ofJson(config, JobSettings.KEYS);
    JobSettings settings = JobSettings.read(reader);
    assertEquals(List.of(), reader.problems());
    assertEquals(List.of(
        "'batchsize' is not a setting of this job and is ignored; did you mean 'batchSize'?",
        "'intervalSecond' is not a setting of this job and is ignored; did you mean 'intervalSeconds'?"),
        reader.warnings(), "the HTTP surface's keys and the host's own are not near a job setting");
    assertEquals(JobSettings.DEFAULT_BATCH_SIZE, settings.batchSize(), "a misspelt key is ignored, not guessed at");
    assertEquals("mine.run", settings.addresses().run());
    assertEquals(List.of(), UnknownSettings.jsonWarnings(new JsonObject().put("httpPort", 8080)
        .put("httpHost", "0.0.0.0"), HttpSettings.KEYS));
    assertEquals(List.of("'httpport' is not a setting of this job and is ignored; did you mean 'httpPort'?"),
        UnknownSettings.jsonWarnings(new JsonObject().put("httpport", 1).put("port", 5432).put("host", "h"),
            HttpSettings.KEYS), "the job's own keys are not near an HTTP one");
  }
}
