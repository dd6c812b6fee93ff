package io.homesales.cleaning.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A later stage's reasons: registered under its name, known wherever reasons are selected, and never the core's. */
class ReasonRegistryTest {

  private static final ReasonRegistry WITH_MODEL = ReasonRegistry.CORE.register("model",
      List.of("no_score", "score_out_of_range"));

  @Test
  void theCoreRegistryKnowsExactlyTheCoresReasons() {
    assertEquals(Reasons.fixedReasons(), ReasonRegistry.CORE.fixedReasons());
    assertEquals(Reasons.subjects(), ReasonRegistry.CORE.subjects());
    for (String reason : Reasons.fixedReasons()) {
      assertTrue(ReasonRegistry.CORE.isKnown(reason), reason);
    }
    assertTrue(ReasonRegistry.CORE.isKnown("database:23505"));
    assertFalse(ReasonRegistry.CORE.isKnown("database:08006"), "a connection fault is no record's reason");
    assertFalse(ReasonRegistry.CORE.isKnown("model:no_score"));
    assertFalse(ReasonRegistry.CORE.isKnown(null));
  }

  @Test
  void aStagesReasonsArePrefixedWithItsNameAndAddedAfterTheCores() {
    assertTrue(WITH_MODEL.isKnown("model:no_score"));
    assertTrue(WITH_MODEL.isKnown("price:range"), "the core's stay");
    assertFalse(WITH_MODEL.isKnown("model:other"));
    assertFalse(WITH_MODEL.isKnown("no_score"));
    assertEquals(List.of("model"), WITH_MODEL.stages());
    assertEquals("model", WITH_MODEL.subjects().get(WITH_MODEL.subjects().size() - 1));
    List<String> all = WITH_MODEL.fixedReasons();
    assertEquals(Reasons.fixedReasons(), all.subList(0, Reasons.fixedReasons().size()));
    assertEquals(List.of("model:no_score", "model:score_out_of_range"),
        all.subList(Reasons.fixedReasons().size(), all.size()));
    assertFalse(ReasonRegistry.CORE.isKnown("model:no_score"), "registering makes a new registry");
    ReasonRegistry two = WITH_MODEL.register("geo", List.of("outside_county"));
    assertEquals(List.of("model", "geo"), two.stages());
    assertTrue(two.isKnown("geo:outside_county") && two.isKnown("model:no_score"));
  }

  @Test
  void aStageCannotTakeACoreSubjectOrAnotherStagesNameOrAMalformedReason() {
    for (String taken : List.of("price", "payload", "enrichment", "database", "model")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> WITH_MODEL.register(taken, List.of("x")));
      assertTrue(e.getMessage().startsWith("'" + taken + "' already gives reasons"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> ReasonRegistry.CORE.register("Model", List.of("x")));
    assertThrows(IllegalArgumentException.class, () -> ReasonRegistry.CORE.register("my-stage", List.of("x")));
    assertThrows(IllegalArgumentException.class, () -> ReasonRegistry.CORE.register("geo", List.of()));
    assertEquals("a reason's detail is lower case, digits and underscores: 'geo:Far Away'",
        assertThrows(IllegalArgumentException.class,
            () -> ReasonRegistry.CORE.register("geo", List.of("far", "Far Away"))).getMessage());
  }

  @Test
  void aPatternSelectsAStagesReasonsOnlyWhereItIsRegistered() {
    ReasonPattern all = ReasonPattern.parse("model:*", WITH_MODEL);
    assertTrue(all.matches("model:no_score"));
    assertFalse(all.matches("price:range"));
    assertEquals("model:no_score", ReasonPattern.parse(" model:no_score ", WITH_MODEL).exact());
    assertEquals("unknown reason pattern 'model:*': model is not a field, payload, enrichment or database",
        assertThrows(IllegalArgumentException.class, () -> ReasonPattern.parse("model:*")).getMessage());
    assertEquals("unknown reason pattern 'modle:*': modle is not a field, payload, enrichment or database, nor a"
        + " stage (model)", assertThrows(IllegalArgumentException.class,
            () -> ReasonPattern.parse("modle:*", WITH_MODEL)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> ReasonPattern.parse("model:no_scores", WITH_MODEL));
  }
}
