package io.quicroam.simulator.measure;

import java.util.List;

/**
 * One simulated interface over a run. Bytes are UDP payload bytes as the emulated link saw them: {@code bytesUp}
 * the agent sent into the link, {@code bytesDown} the link delivered to the agent.
 */
public record PathResult(String name, String type, long bytesUp, long bytesDown, List<PathSample> samples) {
    public PathResult {
        samples = List.copyOf(samples);
    }
}
