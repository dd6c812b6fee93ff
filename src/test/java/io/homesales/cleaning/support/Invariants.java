package io.homesales.cleaning.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** OpenApiDocument section 2's invariants, and the job's own about its pending set, checked with SQL. */
public final class Invariants {

  private Invariants() {}

  public static void assertHold(TestDatabase db) {
    assertEquals(0, db.count("""
        SELECT count(*) FROM home_sales_clean c
         WHERE NOT EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = c.id AND p.outcome = 'cleaned')"""),
        "every clean id is processed as cleaned");
    assertEquals(0, db.count("""
        SELECT count(*) FROM home_sales_processed p
         WHERE p.outcome = 'cleaned' AND NOT EXISTS (SELECT 1 FROM home_sales_clean c WHERE c.id = p.id)"""),
        "every id processed as cleaned is in the clean table");
    assertEquals(0, db.count("""
        SELECT count(*) FROM home_sales_processed p
         WHERE NOT EXISTS (SELECT 1 FROM raw_home_sale_events r WHERE r.id = p.id)"""),
        "every processed id is a raw event");
    assertEquals(0, db.count("""
        SELECT count(*) FROM home_sales_processed
         WHERE (outcome = 'rejected') <> (reasons IS NOT NULL AND cardinality(reasons) > 0)"""),
        "rejections and only rejections have reasons");
    assertEquals(0, db.count("""
        SELECT count(*) FROM cleaning_job_pending q
         WHERE EXISTS (SELECT 1 FROM home_sales_processed p WHERE p.id = q.id)"""),
        "no event is both pending and processed (the job's own bookkeeping)");
  }
}
