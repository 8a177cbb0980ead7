package io.quicroam.cli.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's ping(8) inside a namespace, as a user runs it: its own pacing ({@code -i}), its own timing (the
 * {@code time=} of each reply), {@code payload} bytes of ICMP data. Each run's output, with a timestamp per line
 * ({@code -D}) and a line per echo unanswered when the next one leaves ({@code -O}), is appended to {@code log}.
 */
record KernelPing(String namespace, String destination, int payload, Path log) implements Pinger {
    /** A reply; a duplicate (a second copy of an answered echo, "(DUP!)") is not one more echo back. */
    private static final Pattern TIME = Pattern.compile("icmp_seq=(\\d+) ttl=\\d+ time=([0-9.]+) ms(?! \\(DUP!\\))");

    private static final Pattern SUMMARY = Pattern.compile("(\\d+) packets transmitted");

    @Override
    public RoundTrips ping(int count, double intervalMillis) throws Exception {
        String output = KernelLab.tryNs(
                        namespace,
                        "ping",
                        "-n",
                        "-D",
                        "-O",
                        "-s",
                        String.valueOf(payload),
                        "-i",
                        String.format(Locale.ROOT, "%.4f", intervalMillis / 1000),
                        "-c",
                        String.valueOf(count),
                        // As a user runs it. A deadline (-w) would wait for late replies, but ping then sends on
                        // past the count until as many replies came; without one it waits two round trips (the
                        // longest of the run) after the last echo, LINGER_SECONDS only if none was answered.
                        "-W",
                        String.valueOf(LINGER_SECONDS),
                        destination)
                .output();
        Files.writeString(log, output, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Matcher summary = SUMMARY.matcher(output);
        assertThat(summary.find()).as("ping's summary in: %s", output).isTrue();
        Map<Integer, Long> nanos = new HashMap<>();
        Matcher reply = TIME.matcher(output);
        while (reply.find()) {
            nanos.putIfAbsent(
                    Integer.parseInt(reply.group(1)), Math.round(Double.parseDouble(reply.group(2)) * 1_000_000));
        }
        return new RoundTrips(
                Integer.parseInt(summary.group(1)),
                nanos.values().stream().mapToLong(Long::longValue).toArray());
    }
}
