package io.quicroam.simulator.link;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent random seeds from a scenario seed and labels (link name, direction), so that each stream
 * depends only on its labels: adding a link or reordering setup leaves the other links' randomness unchanged.
 */
public final class Seeds {
    private Seeds() {}

    public static long derive(long scenarioSeed, String... labels) {
        long h = mix(scenarioSeed);
        for (String label : labels) {
            for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
                h = mix(h ^ (b & 0xff));
            }
            h = mix(h ^ 0x100); // label separator: ("ab","c") and ("a","bc") differ
        }
        return h;
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014). */
    private static long mix(long z) {
        z += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
