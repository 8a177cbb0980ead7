package io.quicroam.cli;

import java.util.OptionalDouble;

/** Reads samples out of Prometheus text exposition (format 0.0.4) for assertions. */
final class PrometheusText {
    private PrometheusText() {}

    /**
     * The value of the first sample named {@code name} whose labels include every {@code key="value"} in
     * {@code labels}; empty when there is none.
     */
    static OptionalDouble value(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String sampleName = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
            String labelText = brace >= 0 && brace < space ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            if (!sampleName.equals(name)) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= labelText.contains(label);
            }
            if (all) {
                return OptionalDouble.of(Double.parseDouble(line.substring(space + 1)));
            }
        }
        return OptionalDouble.empty();
    }
}
