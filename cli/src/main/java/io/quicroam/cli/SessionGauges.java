package io.quicroam.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quicroam.agent.AgentStatus;
import io.quicroam.pathmanager.path.PathRole;
import java.util.function.Supplier;

/**
 * {@code quicroam_agent_session_up} (1 while the session has inner addresses and a path carrying traffic) and
 * {@code quicroam_agent_paths_open}, from the latest polled status.
 */
final class SessionGauges {
    private SessionGauges() {}

    static void register(MeterRegistry registry, Supplier<AgentStatus> latest) {
        // Strong references: the supplier is referenced by nothing else (Micrometer holds gauges' objects weakly).
        Gauge.builder("quicroam.agent.session.up", latest, s -> isUp(s.get()) ? 1 : 0)
                .strongReference(true)
                .description("1 while the tunnel has its addresses and a path carrying traffic")
                .register(registry);
        Gauge.builder(
                        "quicroam.agent.paths.open",
                        latest,
                        s -> s.get() == null ? 0 : s.get().paths().size())
                .strongReference(true)
                .description("Paths open now, one per usable interface and address family")
                .register(registry);
    }

    static boolean isUp(AgentStatus status) {
        return status != null
                && !status.assignment().addresses().isEmpty()
                && status.paths().stream().anyMatch(p -> p.role() == PathRole.AVAILABLE);
    }
}
