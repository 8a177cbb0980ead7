package io.quicroam.pathmanager.path;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where traffic goes, as of decision {@code sequence} (strictly increasing, like PATH_STATUS sequence numbers):
 * every open path is AVAILABLE or BACKUP; paths closed since the previous decision appear once as ABANDON.
 */
public record PathDecision(long sequence, Map<PathId, PathRole> roles, Trigger trigger) {
    public PathDecision {
        roles = Collections.unmodifiableMap(new LinkedHashMap<>(roles));
    }

    public List<PathId> available() {
        return with(PathRole.AVAILABLE);
    }

    public List<PathId> with(PathRole role) {
        return roles.entrySet().stream()
                .filter(e -> e.getValue() == role)
                .map(Map.Entry::getKey)
                .toList();
    }

    public PathRole roleOf(PathId path) {
        return roles.get(path);
    }
}
