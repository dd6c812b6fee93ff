package io.homesales.cleaning.store;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.core.parse.PayloadParser;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Loads a page's events in one query. */
public final class EventStore {

  /**
   * {@code left(payload, n)} caps what travels: a payload longer than the contract's limit is rejected
   * as too large whatever its content, and one code point more than the limit is enough to tell.
   */
  static final String SELECT = """
      SELECT id, received_at, left(payload, $2) AS payload
        FROM raw_home_sale_events
       WHERE id = ANY($1)""";

  private final Pool pool;

  public EventStore(Pool pool) {
    this.pool = pool;
  }

  /** The events of {@code ids}, in the order of {@code ids}; an id that vanished is left out. */
  public Future<List<RawEvent>> load(List<Long> ids) {
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(ids.toArray(Long[]::new), PayloadParser.MAX_CODE_POINTS + 1))
        .map(rows -> {
          Map<Long, RawEvent> byId = new HashMap<>(rows.size() * 2);
          for (Row row : rows) {
            long id = row.getLong("id");
            byId.put(id, new RawEvent(id, row.getOffsetDateTime("received_at"), row.getString("payload")));
          }
          List<RawEvent> events = new ArrayList<>(ids.size());
          for (Long id : ids) {
            RawEvent event = byId.get(id);
            if (event != null) {
              events.add(event);
            }
          }
          return events;
        });
  }
}
