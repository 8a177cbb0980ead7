package io.quicroam.simulator.link;

/**
 * Hooks into a link's timeline, called synchronously on the thread that drives the link, in time order with its
 * deliveries; implementations must return quickly. The harness uses {@link #onInterfaceEvent} to tell the agent.
 */
public interface LinkListener {

    /** The interface went away (DOWN) or came back. */
    default void onInterfaceEvent(InterfaceEvent event) {}

    /** Any action took effect (after the link applied it). */
    default void onAction(AppliedAction applied) {}
}
