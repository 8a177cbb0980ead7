/**
 * Schedulers: given the open paths' views, which carry traffic. Active-backup (move back only after
 * {@code move-back-after}), lowest-RTT (with a margin against see-sawing) and redundant (both paths during a
 * handover window); each answers with a plan and when time alone could change it.
 *
 * <p>Stateful but single-threaded and clock-free: the path manager passes the time in. Knows neither interfaces
 * nor the agent.
 */
package io.quicroam.pathmanager.scheduler;
