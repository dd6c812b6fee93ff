package io.homesales.cleaning.run;

import io.homesales.cleaning.core.Checked;
import io.homesales.cleaning.core.Cleaner;
import io.homesales.cleaning.core.Outcome;
import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.core.Rejected;
import io.homesales.cleaning.core.ValidSale;
import io.homesales.cleaning.core.enrich.EnrichmentRows;
import io.homesales.cleaning.store.EnrichmentStore;
import io.homesales.cleaning.store.EventStore;
import io.homesales.cleaning.store.UnprocessedIds;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A run's pages, one after another: a page of ids from the selection, its events in one query, the core's
 * check, its enrichment rows in one query per table, then the core's enrichment. The core's two passes run on
 * a worker thread: a page is up to 500 payloads of up to 1 MB, CPU work that must not hold the event loop.
 * While a page is written, the next one is prepared, so that writing never waits for it.
 */
final class PagePipeline {

  private final Vertx vertx;
  private final Cleaner cleaner;
  private final UnprocessedIds ids;
  private final EventStore events;
  private final EnrichmentStore enrichment;
  private final int batchSize;
  private final BooleanSupplier stopped;
  private final JobMetrics metrics;

  PagePipeline(Vertx vertx, Cleaner cleaner, UnprocessedIds ids, EventStore events, EnrichmentStore enrichment,
      int batchSize, BooleanSupplier stopped, JobMetrics metrics) {
    this.vertx = vertx;
    this.cleaner = cleaner;
    this.ids = ids;
    this.events = events;
    this.enrichment = enrichment;
    this.batchSize = batchSize;
    this.stopped = stopped;
    this.metrics = metrics;
  }

  /**
   * Hands each page to {@code write} and completes when the pages are exhausted, the run is stopped, or a
   * page fails. A loop driven by callbacks, not a chain of composed futures: each composed future would keep
   * its page reachable until the whole run ends, and memory would grow with the backlog.
   */
  Future<Void> forEach(Function<List<PageItem>, Future<Void>> write) {
    Promise<Void> done = Promise.promise();
    prepare().onComplete(first -> step(first, write, done));
    return done.future();
  }

  private void step(AsyncResult<List<PageItem>> prepared, Function<List<PageItem>, Future<Void>> write,
      Promise<Void> done) {
    if (prepared.failed()) {
      done.fail(prepared.cause());
      return;
    }
    List<PageItem> page = prepared.result();
    if (page == null || stopped.getAsBoolean()) {
      done.complete();
      return;
    }
    Future<List<PageItem>> next = prepare();
    write.apply(page).onComplete(written ->
        // Whatever happened to this page, let the prefetch settle before the run ends.
        next.onComplete(nextPage -> {
          if (written.failed()) {
            done.fail(written.cause());
          } else {
            step(nextPage, write, done);
          }
        }));
  }

  /** The next page, checked and enriched; null at the end. */
  private Future<List<PageItem>> prepare() {
    if (stopped.getAsBoolean()) {
      return Future.succeededFuture();
    }
    long start = System.nanoTime();
    return ids.next(batchSize).compose(page -> {
      if (page.isEmpty()) {
        return Future.succeededFuture();
      }
      return events.load(page)
          .compose(loaded -> vertx.executeBlocking(() -> checkAll(loaded)))
          .compose(checked -> enrichment.load(checked.zips(), checked.saleDates())
              .compose(rows -> vertx.executeBlocking(() -> enrichAll(checked.events(), rows))))
          .onSuccess(items -> metrics.pageLoaded(System.nanoTime() - start));
    });
  }

  /** One event after the core's first pass: its answer, or the unexpected error it raised. */
  private record CheckedEvent(long id, Checked checked, Throwable error) {}

  /**
   * A page after the core's first pass, with the distinct zip codes and sale dates of its valid sales, each once
   * and in page order: what its enrichment queries ask for. They are gathered on the worker that made the sales,
   * while they are in its cache, rather than on the event loop (docs/performance.md, the warm job's profile).
   */
  private record CheckedPage(List<CheckedEvent> events, Set<String> zips, Set<LocalDate> saleDates) {}

  private CheckedPage checkAll(List<RawEvent> loaded) {
    List<CheckedEvent> checked = new ArrayList<>(loaded.size());
    Set<String> zips = new LinkedHashSet<>();
    Set<LocalDate> saleDates = new LinkedHashSet<>();
    for (RawEvent event : loaded) {
      Checked answer;
      try {
        answer = cleaner.check(event);
      } catch (RuntimeException | StackOverflowError bug) {
        checked.add(new CheckedEvent(event.id(), null, bug));
        continue;
      }
      checked.add(new CheckedEvent(event.id(), answer, null));
      if (answer instanceof ValidSale sale) {
        zips.add(sale.zipCode());
        saleDates.add(sale.saleDate());
      }
    }
    return new CheckedPage(checked, zips, saleDates);
  }

  private List<PageItem> enrichAll(List<CheckedEvent> checked, EnrichmentRows rows) {
    List<PageItem> items = new ArrayList<>(checked.size());
    for (CheckedEvent event : checked) {
      if (event.error() != null) {
        items.add(new PageItem(event.id(), null, event.error()));
        continue;
      }
      try {
        Outcome outcome = event.checked() instanceof ValidSale sale
            ? cleaner.enrich(sale, rows) : (Rejected) event.checked();
        items.add(new PageItem(event.id(), outcome, null));
      } catch (RuntimeException | StackOverflowError bug) {
        items.add(new PageItem(event.id(), null, bug));
      }
    }
    return items;
  }
}
