package io.quicroam.pathmanager.iface;

import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.pathmanager.policy.InterfacePolicies;
import io.quicroam.pathmanager.policy.InterfaceVerdict;
import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code quicroam interfaces [--watch]} shows: every interface (excluded ones too) with its class, addresses,
 * carrier and whether a path would be opened on it, and each raw change as it happens (not debounced). Feed it
 * the events of an {@link InterfaceMonitor}; not thread-safe (one monitor thread feeds it).
 */
public final class InterfaceListing {
    /** One interface; {@link #toMap()} is the JSON object, {@link #format()} the human line. */
    public record InterfaceRecord(
            String name, InterfaceClass type, List<String> addresses, boolean carrier, boolean usable, String reason) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("class", type.label());
            m.put("addresses", addresses);
            m.put("carrier", carrier);
            m.put("usable", usable);
            if (!usable) {
                m.put("reason", reason);
            }
            return m;
        }

        public String format() {
            return String.format(
                    "%-12s %-9s %-7s %s%s",
                    name,
                    type.label(),
                    carrier ? "up" : "down",
                    usable ? "usable" : "not usable: " + reason,
                    addresses.isEmpty() ? "" : "  " + String.join(" ", addresses));
        }
    }

    /** One change event; {@code kind} is {@code added|removed|up|down|address-added|address-removed|route-changed}. */
    public record ChangeRecord(
            Instant time,
            String interfaceName,
            String kind,
            InterfaceClass type,
            boolean usable,
            List<String> addresses) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", time.toString());
            m.put("interface", interfaceName);
            m.put("kind", kind);
            m.put("class", type.label());
            m.put("usable", usable);
            if (!addresses.isEmpty()) {
                m.put("addresses", addresses);
            }
            return m;
        }

        public String format() {
            return time + " " + interfaceName + " " + kind
                    + (addresses.isEmpty() ? "" : " " + String.join(" ", addresses)) + " (" + type.label() + ", "
                    + (usable ? "usable" : "not usable") + ")";
        }
    }

    private final InterfacePolicies policies;
    private final InterfaceTable table;

    public InterfaceListing(InterfacePolicies policies, InterfaceClassifier classifier) {
        this.policies = policies;
        this.table = new InterfaceTable(classifier);
    }

    /** Folds the change into the listing and describes it. */
    public ChangeRecord apply(NetworkChange change) {
        InterfaceTable.Transition t = table.apply(change);
        NetInterface ni = t.after()
                .or(t::before)
                .orElseGet(
                        () -> new NetInterface(change.name(), change.index(), InterfaceClass.OTHER, false, List.of()));
        boolean usable =
                t.after().map(policies::verdict).map(InterfaceVerdict::usable).orElse(false);
        return new ChangeRecord(
                change.time(),
                change.name(),
                change.kind().label(),
                policies.resolve(ni.name(), ni.type()).type(),
                usable,
                text(change.addresses()));
    }

    /** Every interface seen, in the order first seen. */
    public List<InterfaceRecord> interfaces() {
        return table.all().stream()
                .map(ni -> {
                    InterfaceVerdict v = policies.verdict(ni);
                    return new InterfaceRecord(
                            ni.name(),
                            policies.resolve(ni.name(), ni.type()).type(),
                            text(ni.addresses()),
                            ni.carrier(),
                            v.usable(),
                            v.reason());
                })
                .toList();
    }

    private static List<String> text(List<InetAddress> addresses) {
        return addresses.stream().map(IpAddresses::format).toList();
    }
}
