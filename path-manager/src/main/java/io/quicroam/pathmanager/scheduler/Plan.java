package io.quicroam.pathmanager.scheduler;

import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.path.Trigger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A scheduler's answer: the role of every open path, the scheduler's own reason when the change is of its making
 * (a move back, a handover window ending), when to ask again if time alone can change the answer, and the standby
 * paths it would move the traffic to once they show that they work now ({@code auditions}: the path manager probes them
 * at the active pace, {@code Audition}, and asks again when one passes). The roles keep the scheduler's order: the
 * first AVAILABLE path is the primary (where a mode that carries on one path goes), any other AVAILABLE one carries
 * copies.
 */
public record Plan(
        Map<PathId, PathRole> roles, Optional<Trigger> reason, OptionalLong reconsiderAtNanos, Set<PathId> auditions) {
    public Plan {
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        auditions = Set.copyOf(auditions);
    }

    /** A plan that asks for no audition. */
    public Plan(Map<PathId, PathRole> roles, Optional<Trigger> reason, OptionalLong reconsiderAtNanos) {
        this(roles, reason, reconsiderAtNanos, Set.of());
    }

    /**
     * This plan with {@code copy} AVAILABLE too, after the paths AVAILABLE already (the primary stays first), for
     * {@code reason}, asked again at {@code atNanos} at the latest.
     */
    Plan withCopiesOn(PathId copy, Optional<Trigger> reason, long atNanos) {
        Map<PathId, PathRole> ordered = new LinkedHashMap<>();
        available().forEach(id -> ordered.put(id, PathRole.AVAILABLE));
        ordered.put(copy, PathRole.AVAILABLE);
        roles.forEach(ordered::putIfAbsent);
        return new Plan(ordered, reason, reconsiderAtNanos, auditions).reconsiderAt(atNanos);
    }

    /** This plan, asked again at {@code atNanos} at the latest. */
    Plan reconsiderAt(long atNanos) {
        long at = reconsiderAtNanos.isPresent() ? Math.min(reconsiderAtNanos.getAsLong(), atNanos) : atNanos;
        return new Plan(roles, reason, OptionalLong.of(at), auditions);
    }

    /** This plan for {@code reason} instead, unless it has a reason of its own. */
    Plan orFor(Trigger reason) {
        return this.reason.isPresent() ? this : because(Optional.of(reason));
    }

    /** This plan for {@code reason}. */
    Plan because(Optional<Trigger> reason) {
        return new Plan(roles, reason, reconsiderAtNanos, auditions);
    }

    /** The AVAILABLE paths, the primary first. */
    public List<PathId> available() {
        return roles.entrySet().stream()
                .filter(e -> e.getValue() == PathRole.AVAILABLE)
                .map(Map.Entry::getKey)
                .toList();
    }
}
