/**
 * Notifications (docs/quality-gates.md): signed POSTs to the configured URLs when a quality gate fires or resolves,
 * a run fails or recovers, and freshness breaches or recovers. Sent with Vert.x's own HTTP client from a bounded
 * queue, retried with backoff; a send never slows or fails a run.
 *
 * <p>Public: {@link io.homesales.cleaning.notify.NotifySettings} and its
 * {@link io.homesales.cleaning.notify.NotifyTarget}s (part of the job's settings),
 * {@link io.homesales.cleaning.notify.Notification}, {@link io.homesales.cleaning.notify.Notifier} and
 * {@link io.homesales.cleaning.notify.Signature} (which a receiver written in Java may reuse to verify).
 */
package io.homesales.cleaning.notify;
