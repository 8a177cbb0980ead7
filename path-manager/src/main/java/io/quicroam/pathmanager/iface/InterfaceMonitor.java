package io.quicroam.pathmanager.iface;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * A source of {@link NetworkChange} events. {@link #start} first reports the current state (ADDED, UP,
 * ADDRESS_ADDED... for what exists) before it returns, then every change as it happens, on a thread of the
 * monitor's choosing: consumers hop onto their own thread.
 */
public interface InterfaceMonitor extends AutoCloseable {
    void start(Consumer<NetworkChange> sink) throws IOException;

    /** How this monitor's platform tells interface kinds apart. */
    InterfaceClassifier classifier();

    /** Stops delivering events and releases the socket or thread. */
    @Override
    void close();
}
