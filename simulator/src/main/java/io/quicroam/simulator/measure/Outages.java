package io.quicroam.simulator.measure;

import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.scenario.TimelineEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * When each link could not carry traffic, from a scenario's events (scenario milliseconds): from a down or a
 * blackhole to the next up, and from a fade towards loss to the fade back to none (once that one has ramped down).
 * A NAT rebind is no outage: the link works, only its address changed.
 */
public final class Outages {
    private final List<String> links;
    private final Map<String, List<double[]>> windows = new HashMap<>();

    private Outages(List<String> links) {
        this.links = List.copyOf(links);
        links.forEach(l -> windows.put(l, new ArrayList<>()));
    }

    /** @param endMillis where an outage still open at the end is cut */
    public static Outages of(List<TimelineEvent> events, List<String> links, double endMillis) {
        Outages outages = new Outages(links);
        Map<String, Double> since = new HashMap<>();
        for (TimelineEvent e : events) {
            double at = e.at().toNanos() / 1e6;
            LinkAction action = e.action();
            if (action instanceof LinkAction.Down
                    || action instanceof LinkAction.Blackhole
                    || action instanceof LinkAction.Fade fade
                            && fade.uplink().lossProbability().orElse(0) > 0) {
                since.putIfAbsent(e.link(), at);
            } else if (action instanceof LinkAction.Up && since.containsKey(e.link())) {
                outages.add(e.link(), since.remove(e.link()), at);
            } else if (action instanceof LinkAction.Fade fade && since.containsKey(e.link())) {
                outages.add(e.link(), since.remove(e.link()), at + fade.over().toNanos() / 1e6);
            }
        }
        since.forEach((link, from) -> outages.add(link, from, endMillis));
        return outages;
    }

    private void add(String link, double from, double to) {
        windows.get(link).add(new double[] {from, to});
    }

    /** Whether {@code link} was out at {@code atMillis}. */
    public boolean out(String link, double atMillis) {
        return windows.getOrDefault(link, List.of()).stream().anyMatch(w -> w[0] <= atMillis && atMillis < w[1]);
    }

    /** How much of [from, to) every link was out at once. */
    public double allOutMillis(double fromMillis, double toMillis) {
        TreeSet<Double> edges = new TreeSet<>(List.of(fromMillis, toMillis));
        windows.values()
                .forEach(list -> list.forEach(w -> {
                    if (w[0] > fromMillis && w[0] < toMillis) {
                        edges.add(w[0]);
                    }
                    if (w[1] > fromMillis && w[1] < toMillis) {
                        edges.add(w[1]);
                    }
                }));
        double total = 0;
        Double previous = null;
        for (double edge : edges) {
            if (previous != null) {
                double mid = (previous + edge) / 2;
                if (links.stream().allMatch(l -> out(l, mid))) {
                    total += edge - previous;
                }
            }
            previous = edge;
        }
        return total;
    }
}
