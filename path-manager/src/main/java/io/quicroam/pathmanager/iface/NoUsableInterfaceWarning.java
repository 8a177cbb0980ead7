package io.quicroam.pathmanager.iface;

import io.quicroam.pathmanager.policy.InterfacePolicies;
import io.quicroam.pathmanager.policy.InterfaceVerdict;
import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An agent whose interfaces are all excluded (veth, docker, loopback: virtual ones are by default) or down would
 * otherwise wait silently forever. Once none has been usable for {@link #AFTER}, this says so once, at WARN: which
 * interfaces exist, why each is not used, and which agent.yaml key changes it. A usable interface re-arms it.
 * Runs on the path manager's time source (virtual time in tests); interface names only, no addresses.
 */
public final class NoUsableInterfaceWarning {
    /** Long enough for start-up (debounce, a DHCP lease), short enough that a user still looks at the log. */
    public static final Duration AFTER = Duration.ofSeconds(10);

    private final TimeSource time;
    private final Supplier<Collection<NetInterface>> interfaces;
    private final Supplier<InterfacePolicies> policies;
    private final Consumer<String> warn;
    private Cancellable pending;
    private boolean warned;

    public NoUsableInterfaceWarning(
            TimeSource time,
            Supplier<Collection<NetInterface>> interfaces,
            Supplier<InterfacePolicies> policies,
            Consumer<String> warn) {
        this.time = time;
        this.interfaces = interfaces;
        this.policies = policies;
        this.warn = warn;
    }

    /** Call on the time source's thread at start and after every change of the interfaces or the policy. */
    public void recheck() {
        if (anyUsable()) {
            if (pending != null) {
                pending.cancel();
                pending = null;
            }
            warned = false;
        } else if (!warned && pending == null) {
            pending = time.schedule(AFTER, this::check);
        }
    }

    private void check() {
        pending = null;
        if (!warned && !anyUsable()) {
            warned = true;
            warn.accept(message());
        }
    }

    private boolean anyUsable() {
        InterfacePolicies now = policies.get();
        return interfaces.get().stream().anyMatch(ni -> now.verdict(ni).usable());
    }

    String message() {
        InterfacePolicies now = policies.get();
        List<String> why = new ArrayList<>();
        Optional<NetInterface> excluded = Optional.empty();
        for (NetInterface ni : interfaces.get()) {
            InterfaceVerdict verdict = now.verdict(ni);
            why.add(ni.name() + " (" + ni.type().label() + ": " + verdict.reason() + ")");
            if (excluded.isEmpty()
                    && ni.type() != InterfaceClass.LOOPBACK
                    && now.resolve(ni.name(), ni.type()).excluded()) {
                excluded = Optional.of(ni);
            }
        }
        String found = why.isEmpty() ? "no network interface at all" : String.join(", ", why);
        String fix = excluded.map(ni -> "; to use an excluded one, name its class in agent.yaml, e.g. interfaces: {"
                        + ni.name() + ": {class: ethernet}} (or wifi, cellular; interfaces.NAME.exclude: false)")
                .orElse("");
        return "No usable network interface for " + AFTER.toSeconds() + " s, so no path to the gateway: " + found + fix;
    }
}
