package io.quicroam.pathmanager.policy;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.NetInterface;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Interface policy: per-class defaults, per-interface entries (exact name or glob with {@code *} and {@code ?}),
 * and the agent's own tunnel device, which is never usable. Precedence: an exact name entry, else the first
 * matching glob in file order; its fields override the class's, which override the built-in defaults below.
 */
public final class InterfacePolicies {
    /** Built-in class defaults; lower priority is preferred: wired, then Wi-Fi, then cellular (metered). */
    private static final Map<InterfaceClass, InterfaceSettings> BUILT_IN = builtIn();

    private final Map<InterfaceClass, InterfaceSettings> classes;
    private final Map<String, InterfaceSettings> interfaces;
    private final String tunnelDevice;

    public InterfacePolicies(
            Map<InterfaceClass, InterfaceSettings> classes,
            Map<String, InterfaceSettings> interfaces,
            String tunnelDevice) {
        this.classes = Map.copyOf(classes);
        this.interfaces = Collections.unmodifiableMap(new LinkedHashMap<>(interfaces));
        this.tunnelDevice = tunnelDevice;
    }

    public static InterfacePolicies defaults() {
        return new InterfacePolicies(Map.of(), Map.of(), null);
    }

    /** The same policies, knowing the agent's tunnel device (never a path, whatever the YAML says). */
    public InterfacePolicies withTunnelDevice(String name) {
        return new InterfacePolicies(classes, interfaces, name);
    }

    private static Map<InterfaceClass, InterfaceSettings> builtIn() {
        Map<InterfaceClass, InterfaceSettings> m = new EnumMap<>(InterfaceClass.class);
        m.put(InterfaceClass.ETHERNET, new InterfaceSettings(null, 10, false, false, false));
        m.put(InterfaceClass.WIFI, new InterfaceSettings(null, 20, false, false, false));
        m.put(InterfaceClass.CELLULAR, new InterfaceSettings(null, 30, true, false, false));
        m.put(InterfaceClass.OTHER, new InterfaceSettings(null, 40, false, false, false));
        // Containers, bridges, VPNs and loopback are no way out of the laptop unless the user says so.
        m.put(InterfaceClass.VIRTUAL, new InterfaceSettings(null, 50, false, false, true));
        m.put(InterfaceClass.LOOPBACK, new InterfaceSettings(null, 50, false, false, true));
        return m;
    }

    /** Reads {@code interfaces:} from the agent root and {@code classes:} from {@code policy:}. */
    static InterfacePolicies read(ConfigMap root, ConfigMap policy) throws ConfigException {
        Map<String, InterfaceSettings> interfaces = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigMap> e : root.mapOfMaps("interfaces").entrySet()) {
            interfaces.put(e.getKey(), InterfaceSettings.read(e.getValue(), true));
        }
        Map<InterfaceClass, InterfaceSettings> classes = new EnumMap<>(InterfaceClass.class);
        ConfigMap classMap = policy.mapOrEmpty("classes");
        for (InterfaceClass type : InterfaceClass.values()) {
            Optional<ConfigMap> settings = classMap.map(type.label());
            if (settings.isPresent()) {
                classes.put(type, InterfaceSettings.read(settings.get(), false));
            }
        }
        // An unknown class name is an unknown key: finish() names it and suggests the closest class.
        classMap.finish();
        return new InterfacePolicies(classes, interfaces, null);
    }

    /** The policy for an interface the OS classified as {@code detected}. */
    public InterfacePolicy resolve(String name, InterfaceClass detected) {
        Optional<Map.Entry<String, InterfaceSettings>> entry = entryFor(name);
        InterfaceSettings own = entry.map(Map.Entry::getValue).orElse(InterfaceSettings.NONE);
        InterfaceClass type = own.type() != null ? own.type() : detected;
        InterfaceSettings s = BUILT_IN.get(type)
                .overriddenBy(classes.getOrDefault(type, InterfaceSettings.NONE))
                .overriddenBy(own);
        String excludedBy = !s.exclude()
                ? ""
                : own.exclude() != null
                        ? "excluded by interfaces." + entry.get().getKey()
                        : classes.containsKey(type) && classes.get(type).exclude() != null
                                ? "excluded by policy.classes." + type.label()
                                : type.label() + " interfaces are excluded by default";
        return new InterfacePolicy(type, s.priority(), s.metered(), s.backupOnly(), s.exclude(), excludedBy);
    }

    /** Whether a path would be opened on {@code ni} now, and why not. */
    public InterfaceVerdict verdict(NetInterface ni) {
        if (ni.name().equals(tunnelDevice)) {
            return InterfaceVerdict.unusable("the agent's own tunnel device");
        }
        InterfacePolicy policy = resolve(ni.name(), ni.type());
        if (policy.excluded()) {
            return InterfaceVerdict.unusable(policy.excludedBy());
        }
        if (!ni.carrier()) {
            return InterfaceVerdict.unusable("no carrier");
        }
        if (ni.routableAddresses().isEmpty()) {
            return InterfaceVerdict.unusable("no routable address");
        }
        return InterfaceVerdict.USABLE;
    }

    private Optional<Map.Entry<String, InterfaceSettings>> entryFor(String name) {
        if (interfaces.containsKey(name)) {
            return Optional.of(Map.entry(name, interfaces.get(name)));
        }
        return interfaces.entrySet().stream()
                .filter(e -> glob(e.getKey()).matcher(name).matches())
                .findFirst();
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
