package io.quicroam.simulator.measure;

import java.util.List;

/**
 * One simulated interface over a run. Bytes are UDP payload bytes as the emulated link saw them: {@code bytesUp}
 * the agent sent into the link, {@code bytesDown} the link delivered to the agent; {@code tcpBytesUp} and
 * {@code tcpBytesDown} are the TCP payload bytes (an HTTP/2 path) relayed across it each way.
 */
public record PathResult(
        String name,
        String type,
        long bytesUp,
        long bytesDown,
        long tcpBytesUp,
        long tcpBytesDown,
        List<PathSample> samples) {
    public PathResult {
        samples = List.copyOf(samples);
    }
}
