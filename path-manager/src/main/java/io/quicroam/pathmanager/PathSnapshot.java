package io.quicroam.pathmanager;

import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import java.time.Duration;
import java.util.Optional;

/**
 * A snapshot of one path for status output. {@code srtt} is empty before the first answered probe; {@code unusable}
 * says why the agent keeps the path out of traffic (e.g. {@code mtu-too-small}), empty while it may carry traffic.
 */
public record PathSnapshot(
        PathId id,
        PathState state,
        PathRole role,
        Optional<Duration> srtt,
        Duration rttvar,
        double lossRatio,
        long probesSent,
        long probesLost,
        long bytesSent,
        long bytesReceived,
        Optional<String> unusable) {}
