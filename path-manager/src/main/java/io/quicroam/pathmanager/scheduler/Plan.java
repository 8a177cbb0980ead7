package io.quicroam.pathmanager.scheduler;

import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.path.Trigger;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A scheduler's answer: the role of every open path, the scheduler's own reason when the change is of its making
 * (a move back, a handover window ending), and when to ask again if time alone can change the answer.
 */
public record Plan(Map<PathId, PathRole> roles, Optional<Trigger> reason, OptionalLong reconsiderAtNanos) {
    public Plan {
        roles = Map.copyOf(roles);
    }
}
