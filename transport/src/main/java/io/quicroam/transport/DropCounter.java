package io.quicroam.transport;

/** Where drops are counted (a Micrometer counter per reason in agent and gateway). */
@FunctionalInterface
public interface DropCounter {
    void dropped(DropReason reason);
}
