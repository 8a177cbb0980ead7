/**
 * The health of one path from its probes: smoothed RTT (RFC 6298), loss over a sliding window, the state machine
 * PROBING, ACTIVE_CAPABLE, SUSPECT, FAILED with hysteresis, and re-admission of a failed path through a
 * resilience4j circuit breaker.
 *
 * <p>Single-threaded, owned by the path manager's thread. Time comes from the caller (nanoseconds, and the
 * {@code TimeSource}'s {@code Clock} for the breaker), so tests run it on virtual time. Does not know interfaces,
 * schedulers or the agent.
 */
package io.quicroam.pathmanager.health;
