package io.quicroam.simulator.scenario;

import java.util.Locale;

/**
 * How the agent keeps the tunnel across a handover; the simulator runs each on the same scenario and seed.
 */
public enum Strategy {
    /** quicroam: one QUIC connection per interface, all joined to one CONNECT-IP session (warm standby paths). */
    BONDED,
    /** A stock RFC 9484 server: one connection whose UDP 4-tuple moves to the next interface (RFC 9000 §9). */
    MIGRATE,
    /**
     * Today's MASQUE clients: when the current connection fails, a new QUIC connection and a new CONNECT-IP
     * session on the next interface, at once, with the same interface events and failure detection as bonded.
     */
    RECONNECT;

    /** The spelling in YAML, JSON and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
