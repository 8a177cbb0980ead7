package io.quicroam.pathmanager.policy;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import java.time.Duration;
import java.util.List;

/**
 * Everything the path manager reads from the agent's YAML. It owns the top-level keys {@link #OWNED_KEYS}:
 * <pre>
 * interfaces:                     # name or glob -> settings
 *   wlan0: {class: wifi, priority: 10}
 *   wwan0: {class: cellular, metered: true, backup-only: true}
 *   "docker*": {exclude: true}
 * policy:
 *   scheduler: active-backup      # | lowest-rtt | redundant
 *   move-back-after: 10s          # a returning preferred network must be stable this long
 *   handover-window: 2s           # redundant: both paths carry traffic this long after a switch
 *   debounce: 250ms               # interface gains wait for this much quiet (losses pass at once)
 *   classes:                      # per-class defaults; lower priority is preferred
 *     wifi: {priority: 20}
 *     cellular: {priority: 30, metered: true}
 * probes: {active-interval: 100ms, standby-interval: 10s, metered-min-interval: 1s, ...}  # see ProbeSettings
 * </pre>
 */
public record PathManagerConfig(
        InterfacePolicies interfaces,
        ProbeSettings probes,
        SchedulerKind scheduler,
        Duration moveBackAfter,
        Duration handoverWindow,
        Duration debounce) {

    /** Top-level keys of the agent YAML that {@link #from} reads and checks for typos. */
    public static final List<String> OWNED_KEYS = List.of("interfaces", "policy", "probes");

    public static PathManagerConfig defaults() {
        return new PathManagerConfig(
                InterfacePolicies.defaults(),
                ProbeSettings.defaults(),
                SchedulerKind.ACTIVE_BACKUP,
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                Duration.ofMillis(250));
    }

    /**
     * Reads {@link #OWNED_KEYS} from the agent's root map and calls {@code finish()} on every map below them; the
     * caller still finishes the root.
     */
    public static PathManagerConfig from(ConfigMap agentRoot) throws ConfigException {
        PathManagerConfig d = defaults();
        ConfigMap policy = agentRoot.mapOrEmpty("policy");
        InterfacePolicies interfaces = InterfacePolicies.read(agentRoot, policy);
        SchedulerKind scheduler = policy.choice("scheduler", SchedulerKind.class, d.scheduler);
        Duration moveBack = policy.duration("move-back-after", d.moveBackAfter, Duration.ZERO, Duration.ofHours(1));
        Duration window = policy.duration("handover-window", d.handoverWindow, Duration.ZERO, Duration.ofMinutes(1));
        Duration debounce = policy.duration("debounce", d.debounce, Duration.ZERO, Duration.ofSeconds(10));
        policy.finish();
        ProbeSettings probes = ProbeSettings.read(agentRoot.mapOrEmpty("probes"));
        return new PathManagerConfig(interfaces, probes, scheduler, moveBack, window, debounce);
    }

    /** This configuration for an agent whose tunnel device is {@code name}. */
    public PathManagerConfig withTunnelDevice(String name) {
        return new PathManagerConfig(
                interfaces.withTunnelDevice(name), probes, scheduler, moveBackAfter, handoverWindow, debounce);
    }
}
