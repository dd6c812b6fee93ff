package io.homesales.cleaning.store;

import io.homesales.cleaning.core.RawEvent;
import io.homesales.cleaning.core.parse.PayloadParser;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a page's events: one query for the page, whose payloads come inline up to {@link #INLINE_BYTES};
 * larger payloads follow in queries of at most {@link #GROUP_BYTES} each. The reactive client's time to
 * read a response grows faster than its size (measured: 100 rows of 2 MB in 14.5 s, 10 in 0.7 s), so a
 * page of huge payloads is read in small pieces; an ordinary page is still one query.
 */
public final class EventStore {

  static final int INLINE_BYTES = 64 * 1024;
  static final int GROUP_BYTES = 8 * 1024 * 1024;

  /**
   * {@code left(payload, n)} caps what travels: a payload longer than the rules' limit (docs/data-rules.md section
   * 4.1) is rejected as too large whatever its content, and one code point more than the limit is enough to tell.
   * {@code octet_length} of a stored value is read from its header, without decompressing it.
   */
  static final String SELECT = """
      SELECT id, received_at, octet_length(payload) AS bytes,
             CASE WHEN octet_length(payload) <= $3 THEN left(payload, $2) END AS payload
        FROM raw_home_sale_events
       WHERE id = ANY($1)""";

  static final String SELECT_PAYLOADS = """
      SELECT id, left(payload, $2) AS payload
        FROM raw_home_sale_events
       WHERE id = ANY($1)""";

  private static final int PAYLOAD_LIMIT = PayloadParser.MAX_CODE_POINTS + 1;

  private final Pool pool;

  public EventStore(Pool pool) {
    this.pool = pool;
  }

  /** The events of {@code ids}, in the order of {@code ids}; an id that vanished is left out. */
  public Future<List<RawEvent>> load(List<Long> ids) {
    return pool.preparedQuery(SELECT)
        .execute(Tuple.of(ids.toArray(Long[]::new), PAYLOAD_LIMIT, INLINE_BYTES))
        .compose(rows -> {
          Map<Long, OffsetDateTime> receivedAt = new HashMap<>(rows.size() * 2);
          Map<Long, String> payloads = new HashMap<>(rows.size() * 2);
          List<List<Long>> groups = new ArrayList<>();
          List<Long> group = new ArrayList<>();
          long groupBytes = 0;
          for (Row row : rows) {
            // By position, in SELECT's order: a name is looked up in the row's columns for every value.
            long id = row.getLong(0);
            receivedAt.put(id, row.getOffsetDateTime(1));
            String payload = row.getString(3);
            if (payload != null) {
              payloads.put(id, payload);
              continue;
            }
            long bytes = row.getLong(2);
            if (!group.isEmpty() && groupBytes + bytes > GROUP_BYTES) {
              groups.add(group);
              group = new ArrayList<>();
              groupBytes = 0;
            }
            group.add(id);
            groupBytes += bytes;
          }
          if (!group.isEmpty()) {
            groups.add(group);
          }
          return loadLarge(groups, 0, payloads).map(v -> inOrder(ids, receivedAt, payloads));
        });
  }

  /** The large payloads, one group after the other, so that only one group is in flight. */
  private Future<Void> loadLarge(List<List<Long>> groups, int index, Map<Long, String> payloads) {
    if (index == groups.size()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery(SELECT_PAYLOADS)
        .execute(Tuple.of(groups.get(index).toArray(Long[]::new), PAYLOAD_LIMIT))
        .compose(rows -> {
          for (Row row : rows) {
            payloads.put(row.getLong(0), row.getString(1));
          }
          return loadLarge(groups, index + 1, payloads);
        });
  }

  private static List<RawEvent> inOrder(List<Long> ids, Map<Long, OffsetDateTime> receivedAt,
      Map<Long, String> payloads) {
    List<RawEvent> events = new ArrayList<>(ids.size());
    for (Long id : ids) {
      String payload = payloads.get(id);
      if (payload != null) { // null: deleted upstream since it was selected
        events.add(new RawEvent(id, receivedAt.get(id), payload));
      }
    }
    return events;
  }
}
