package io.quicroam.simulator.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long a path spent in each state over a run, from its samples: each interval between two samples counts for
 * the state the earlier one saw (the sampler's pace, a few hundred milliseconds, is the resolution).
 */
public final class StateTimes {
    private StateTimes() {}

    /** Milliseconds per state ({@code active-capable}, {@code suspect}, {@code failed}, {@code none}, …). */
    public static Map<String, Long> of(List<PathSample> samples) {
        Map<String, Long> times = new LinkedHashMap<>();
        for (int i = 0; i + 1 < samples.size(); i++) {
            PathSample s = samples.get(i);
            times.merge(s.state(), samples.get(i + 1).atMillis() - s.atMillis(), Long::sum);
        }
        return times;
    }
}
