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

/**
 * A scheduler's answer: the role of every open path, the scheduler's own reason when the change is of its making
 * (a move back, a handover window ending), and when to ask again if time alone can change the answer. The roles keep
 * the scheduler's order: the first AVAILABLE path is the primary (where a mode that carries on one path goes), any
 * other AVAILABLE one carries copies.
 */
public record Plan(Map<PathId, PathRole> roles, Optional<Trigger> reason, OptionalLong reconsiderAtNanos) {
    public Plan {
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
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
        return new Plan(ordered, reason, reconsiderAtNanos).reconsiderAt(atNanos);
    }

    /** This plan, asked again at {@code atNanos} at the latest. */
    Plan reconsiderAt(long atNanos) {
        long at = reconsiderAtNanos.isPresent() ? Math.min(reconsiderAtNanos.getAsLong(), atNanos) : atNanos;
        return new Plan(roles, reason, OptionalLong.of(at));
    }

    /** This plan for {@code reason} instead, unless it has a reason of its own. */
    Plan orFor(Trigger reason) {
        return this.reason.isPresent() ? this : new Plan(roles, Optional.of(reason), reconsiderAtNanos);
    }

    /** The AVAILABLE paths, the primary first. */
    public List<PathId> available() {
        return roles.entrySet().stream()
                .filter(e -> e.getValue() == PathRole.AVAILABLE)
                .map(Map.Entry::getKey)
                .toList();
    }
}
