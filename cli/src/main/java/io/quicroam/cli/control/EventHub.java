package io.quicroam.cli.control;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Fans event lines (one JSON object each) out to the watchers of the control socket ({@code quicroam paths
 * --watch}). A new watcher first gets the snapshot line, then every event published after it. Sinks must not
 * block: the publisher may be an agent thread.
 */
public final class EventHub {
    private final Supplier<String> snapshot;
    private final List<Consumer<String>> sinks = new CopyOnWriteArrayList<>();

    /** @param snapshot the first line every watcher gets (the status now); may block briefly */
    public EventHub(Supplier<String> snapshot) {
        this.snapshot = snapshot;
    }

    /** Sends the snapshot, then every event, to {@code sink}; close the result to stop. */
    public AutoCloseable subscribe(Consumer<String> sink) {
        // Taken before locking: the snapshot asks the agent, whose threads may be publishing right now.
        String first = snapshot.get();
        synchronized (this) {
            sink.accept(first);
            sinks.add(sink);
        }
        return () -> sinks.remove(sink);
    }

    /**
     * Whether anyone watches: events nobody watches are not built, so an idle daemon's status polls write no JSON.
     */
    public boolean watched() {
        return !sinks.isEmpty();
    }

    public synchronized void publish(String line) {
        sinks.forEach(sink -> sink.accept(line));
    }
}
