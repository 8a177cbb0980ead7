package io.quicroam.agent;

/** What the agent reports as it happens (status output, the simulator, metrics). Called on agent threads: return fast. */
public interface AgentListener {
    default void onHandover(Handover handover) {}

    /** A new CONNECT-IP session replaced the previous one (the reconnect strategy, or a session the gateway dropped). */
    default void onSessionReset() {}

    /** The tunnel's inner address changed. */
    default void onAddressChange() {}

    /**
     * A path opened or closed, or changed its role or health state: what {@code status} shows of the paths may differ
     * now (the daemon asks for its status on this instead of polling an idle agent).
     */
    default void onPathsChanged() {}
}
