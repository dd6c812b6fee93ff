package io.homesales.cleaning.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.homesales.cleaning.core.ReasonRegistry;
import io.homesales.cleaning.core.Rejected;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reason label: the core's and a registered stage's reasons each their own value, anything else one value. */
class JobMetricsTest {

  private static double rejections(MeterRegistry registry, String reason) {
    Counter counter = registry.find("cleaning.job.rejections").tag("reason", reason).counter();
    return counter == null ? -1 : counter.count();
  }

  @Test
  void aRegisteredStagesReasonIsItsOwnLabelAndAnUnregisteredOneCountsUnderOneLabel() {
    MeterRegistry registry = new SimpleMeterRegistry();
    JobMetrics metrics = new JobMetrics(registry, ReasonRegistry.CORE.register("model", List.of("no_score")));
    metrics.recordWritten(new Rejected(1, List.of("model:no_score", "price:range")), 1_000);
    metrics.recordWritten(new Rejected(2, List.of("model:no_score")), 1_000);
    for (int i = 0; i < 50; i++) {
      metrics.recordWritten(new Rejected(3 + i, List.of("model:forgot_" + i)), 1_000);
    }
    assertEquals(2, rejections(registry, "model:no_score"));
    assertEquals(1, rejections(registry, "price:range"));
    assertEquals(50, rejections(registry, JobMetrics.UNREGISTERED));
    assertNull(registry.find("cleaning.job.rejections").tag("reason", "model:forgot_0").counter());
    assertEquals(3, registry.find("cleaning.job.rejections").counters().size(), "the label stays bounded");
    assertEquals(52, registry.find("cleaning.job.records").tag("outcome", "rejected").counter().count());
  }

  @Test
  void theCoresRegistryKeepsEveryCoreReasonAsItsOwnLabel() {
    MeterRegistry registry = new SimpleMeterRegistry();
    JobMetrics metrics = new JobMetrics(registry);
    metrics.recordWritten(new Rejected(1, List.of("database:23505", "enrichment:schools")), 1_000);
    metrics.recordWritten(new Rejected(2, List.of("model:no_score")), 1_000);
    assertEquals(1, rejections(registry, "database:23505"));
    assertEquals(1, rejections(registry, "enrichment:schools"));
    assertEquals(1, rejections(registry, JobMetrics.UNREGISTERED));
  }
}
