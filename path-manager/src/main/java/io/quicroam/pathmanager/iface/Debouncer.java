package io.quicroam.pathmanager.iface;

import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one place where interface events are debounced. Bad news passes at once, good news waits for quiet:
 * <ul>
 *   <li>A loss (DOWN, REMOVED, ADDRESS_REMOVED) is delivered immediately, because the handover must start the
 *       moment a network goes; it also cancels the pending gains it undoes (a DOWN cancels a waiting UP).</li>
 *   <li>A gain (ADDED, UP, ADDRESS_ADDED, ROUTE_CHANGED) is held until its interface has been quiet for the
 *       window, then delivered with the interface's other held gains, in order. A carrier that flaps faster than
 *       the window therefore never comes up; a slower flap is left to the scheduler's move-back hysteresis.</li>
 *   <li>Except while no path works ({@code stranded}): then a gain passes at once, with its interface's held ones
 *       before it. Waiting for quiet protects traffic from a flapping network, and there is no traffic to protect;
 *       the network that returns is the only way back (tunnel-outage: a quarter of a second sooner).</li>
 * </ul>
 * Downstream must tolerate a loss for something it never saw ({@link InterfaceTable} does). Runs on the
 * {@link TimeSource}'s thread.
 */
public final class Debouncer implements Consumer<NetworkChange> {
    private final Duration window;
    private final TimeSource time;
    private final Consumer<NetworkChange> downstream;
    private final BooleanSupplier stranded;
    private final Map<String, List<NetworkChange>> held = new HashMap<>();
    private final Map<String, Cancellable> timers = new HashMap<>();

    /** @param stranded whether no path works now (asked at each gain) */
    public Debouncer(Duration window, TimeSource time, Consumer<NetworkChange> downstream, BooleanSupplier stranded) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("debounce window must not be negative: " + window);
        }
        this.window = window;
        this.time = time;
        this.downstream = downstream;
        this.stranded = stranded;
    }

    @Override
    public void accept(NetworkChange change) {
        if (window.isZero()) {
            downstream.accept(change);
            return;
        }
        String name = change.name();
        if (change.kind().isLoss()) {
            List<NetworkChange> pending = held.get(name);
            if (pending != null) {
                pending.removeIf(gain -> undoes(change, gain));
                if (pending.isEmpty()) {
                    held.remove(name);
                    timers.remove(name).cancel();
                }
            }
            downstream.accept(change);
            return;
        }
        if (stranded.getAsBoolean()) {
            Cancellable pending = timers.get(name);
            if (pending != null) {
                pending.cancel();
                flush(name);
            }
            downstream.accept(change);
            return;
        }
        held.computeIfAbsent(name, n -> new ArrayList<>()).add(change);
        Cancellable previous = timers.put(name, time.schedule(window, () -> flush(name)));
        if (previous != null) {
            previous.cancel();
        }
    }

    private static boolean undoes(NetworkChange loss, NetworkChange gain) {
        return switch (loss.kind()) {
            case REMOVED -> true;
            case DOWN -> gain.kind() == NetworkChange.Kind.UP;
            case ADDRESS_REMOVED ->
                gain.kind() == NetworkChange.Kind.ADDRESS_ADDED
                        && gain.addresses().equals(loss.addresses());
            default -> false;
        };
    }

    private void flush(String name) {
        timers.remove(name);
        List<NetworkChange> pending = held.remove(name);
        if (pending != null) {
            pending.forEach(downstream);
        }
    }

    /** Drops everything held (on shutdown). */
    public void clear() {
        timers.values().forEach(Cancellable::cancel);
        timers.clear();
        held.clear();
    }
}
