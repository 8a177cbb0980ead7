package io.quicroam.pathmanager.health;

/**
 * Health of one path. PROBING until the first answer; ACTIVE_CAPABLE while probes are answered; SUSPECT after
 * {@code suspect-after} consecutive losses; FAILED after {@code failed-after}, from where only the circuit breaker's
 * half-open trial re-admits it.
 */
public enum PathState {
    PROBING,
    ACTIVE_CAPABLE,
    SUSPECT,
    FAILED
}
