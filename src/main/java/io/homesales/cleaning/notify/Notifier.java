package io.homesales.cleaning.notify;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to every target with Vert.x's own HTTP client, from a bounded queue: {@link #send} only
 * enqueues, so a slow, failing or absent receiver never slows or fails a run. A delivery that fails (no answer
 * within {@link #TIMEOUT_MS}, a refused connection, 408, 429 or 5xx) is tried again after a backoff that doubles
 * from {@link #FIRST_BACKOFF_MS}, at most {@link #MAX_ATTEMPTS} times; another 4xx is not retried. When the queue
 * is full the oldest delivery is dropped. Each attempt is signed afresh, with its own timestamp. Logs name a
 * target by its number and shape, never by its URL, which is a credential.
 *
 * <p>Confined to one Vert.x context: {@link #send} may be called from anywhere.
 */
public final class Notifier {

  public static final int QUEUE = 1_000;
  public static final int MAX_ATTEMPTS = 6;
  public static final long FIRST_BACKOFF_MS = 1_000;
  public static final long TIMEOUT_MS = 10_000;
  /** Deliveries in flight at once. */
  static final int IN_FLIGHT = 4;

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final Vertx vertx;
  private final Context context;
  private final NotifySettings settings;
  private final Deque<Delivery> queue = new ArrayDeque<>();
  private final List<Promise<Void>> drains = new ArrayList<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private HttpClientAgent client;
  private int inFlight;
  private int waiting;
  private boolean closed;
  private final long backoffMs;

  /** A notifier on {@code context}; sends nothing when {@code settings} has no target. */
  public Notifier(Vertx vertx, Context context, NotifySettings settings) {
    this(vertx, context, settings, FIRST_BACKOFF_MS);
  }

  Notifier(Vertx vertx, Context context, NotifySettings settings, long backoffMs) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.backoffMs = backoffMs;
  }

  /** A notification to every target; returns at once. */
  public void send(Notification notification) {
    if (!settings.enabled()) {
      return;
    }
    context.runOnContext(v -> {
      if (closed) {
        return;
      }
      LOG.info("notifying {} target(s): {}", settings.targets().size(), notification.event());
      List<NotifyTarget> targets = settings.targets();
      for (int i = 0; i < targets.size(); i++) {
        NotifyTarget target = targets.get(i);
        if (queue.size() >= QUEUE) {
          Delivery oldest = queue.pollFirst();
          dropped.incrementAndGet();
          LOG.warn("notification queue full: {} to target {} dropped", oldest.event, oldest.number);
        }
        queue.addLast(new Delivery(notification.event(), i + 1, target, notification.body(target.shape())));
      }
      pump();
    });
  }

  /** Deliveries that a target accepted (2xx). */
  public long delivered() {
    return delivered.get();
  }

  /** Deliveries given up after their attempts, or refused with a 4xx. */
  public long failed() {
    return failed.get();
  }

  /** Deliveries dropped from a full queue. */
  public long dropped() {
    return dropped.get();
  }

  /**
   * Completes when nothing is queued, waiting or in flight, or after {@code maxMs}, whichever comes first: for a
   * process about to exit ({@code run-once}). Never fails.
   */
  public Future<Void> drained(long maxMs) {
    Promise<Void> drained = Promise.promise();
    context.runOnContext(v -> {
      if (idle()) {
        drained.tryComplete();
        return;
      }
      drains.add(drained);
      vertx.setTimer(maxMs, t -> drained.tryComplete());
    });
    return drained.future();
  }

  /** Stops sending: what is queued is dropped, a delivery in flight ends as it may. */
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      queue.clear();
      HttpClientAgent open = client;
      client = null;
      (open == null ? Future.<Void>succeededFuture() : open.close()).onComplete(ar -> done.complete());
    });
    return done.future();
  }

  private boolean idle() {
    return queue.isEmpty() && inFlight == 0 && waiting == 0;
  }

  private void pump() {
    while (!closed && inFlight < IN_FLIGHT && !queue.isEmpty()) {
      attempt(queue.pollFirst());
    }
    if (idle()) {
      drains.forEach(Promise::tryComplete);
      drains.clear();
    }
  }

  private HttpClientAgent client() {
    if (client == null) {
      client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MS)
          .setTrustAll(false).setVerifyHost(true));
    }
    return client;
  }

  private void attempt(Delivery delivery) {
    inFlight++;
    delivery.attempts++;
    long timestamp = System.currentTimeMillis() / 1000;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(delivery.target.uri().toString()).setTimeout(TIMEOUT_MS)
        .putHeader("Content-Type", "application/json")
        .putHeader("User-Agent", "cleaning-job")
        .putHeader(Signature.HEADER, Signature.header(settings.secrets(), timestamp, delivery.body));
    Future<Integer> answered;
    try {
      answered = client().request(options)
          .compose(request -> request.send(delivery.body))
          .compose(response -> response.body().map(ignored -> response.statusCode()));
    } catch (RuntimeException bad) {
      answered = Future.failedFuture(bad);
    }
    answered.onComplete(ar -> {
      inFlight--;
      if (closed) {
        return;
      }
      int status = ar.succeeded() ? ar.result() : -1;
      if (status >= 200 && status < 300) {
        delivered.incrementAndGet();
        LOG.debug("{} delivered to target {} ({})", delivery.event, delivery.number, status);
      } else {
        String why = ar.succeeded() ? "HTTP " + status : ar.cause().getClass().getSimpleName();
        boolean retryable = status < 0 || status == 408 || status == 429 || status >= 500;
        if (retryable && delivery.attempts < MAX_ATTEMPTS) {
          long delay = backoffMs << (delivery.attempts - 1);
          LOG.warn("{} to target {} ({}) failed ({}); trying again in {} ms", delivery.event, delivery.number,
              delivery.target, why, delay);
          waiting++;
          vertx.setTimer(delay, t -> {
            waiting--;
            if (!closed) {
              queue.addFirst(delivery);
            }
            pump();
          });
        } else {
          failed.incrementAndGet();
          LOG.warn("{} to target {} ({}) failed ({}) after {} attempt(s): given up", delivery.event,
              delivery.number, delivery.target, why, delivery.attempts);
        }
      }
      pump();
    });
  }

  /** One notification for one target, and its attempts so far. */
  private static final class Delivery {
    final String event;
    final int number;
    final NotifyTarget target;
    final String body;
    int attempts;

    Delivery(String event, int number, NotifyTarget target, String body) {
      this.event = event;
      this.number = number;
      this.target = target;
      this.body = body;
    }
  }
}
