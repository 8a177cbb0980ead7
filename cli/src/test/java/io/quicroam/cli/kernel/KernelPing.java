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
 *
 * <p>Its pacing is not {@code -i}'s (iputils 20221126, {@code main_loop} and {@code pinger} in ping_common.c). At 10 ms
 * and above, once an echo is answered within the millisecond, ping waits for the next send in {@code recvmsg} with
 * {@code SO_RCVTIMEO} set to the interval, a timeout the kernel counts in whole jiffies that the timer wheel ends one
 * jiffy late: 16 ms apart for {@code -i 0.01} with HZ = 250, 24 ms for 0.02. After an echo that took a millisecond or
 * more it waits in {@code poll} instead and sends on time, but when less than 10 ms are left, and at any interval below
 * 10 ms, it spins ({@code sched_yield}, a core busy) until the next send is due. So each run measures how far apart
 * the echoes left ({@link RoundTrips#spacing}): each answered one's printed time less its round trip.
 */
record KernelPing(String namespace, String destination, int payload, Path log) implements Pinger {
    /**
     * A reply, with the time it was printed ({@code -D}, epoch seconds and microseconds); a duplicate (a second copy of
     * an answered echo, "(DUP!)") is not one more echo back.
     */
    private static final Pattern REPLY =
            Pattern.compile("\\[(\\d+)\\.(\\d{6})\\] [^\\n]*icmp_seq=(\\d+) ttl=\\d+ time=([0-9.]+) ms(?! \\(DUP!\\))");

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
        Map<Integer, Long> sentAt = new HashMap<>();
        Matcher reply = REPLY.matcher(output);
        while (reply.find()) {
            int sequence = Integer.parseInt(reply.group(3));
            long rtt = Math.round(Double.parseDouble(reply.group(4)) * 1_000_000);
            if (nanos.putIfAbsent(sequence, rtt) == null) {
                // When ping sent it: its round trip ends at the kernel's receive timestamp, a few microseconds
                // before the line is printed, so this is the send to within that wake-up.
                long printed = Long.parseLong(reply.group(1)) * 1_000_000_000L + Long.parseLong(reply.group(2)) * 1_000;
                sentAt.put(sequence, printed - rtt);
            }
        }
        // The gaps between consecutive echoes both answered: how ping actually paced them.
        long[] gaps = sentAt.keySet().stream()
                .filter(sequence -> sentAt.containsKey(sequence + 1))
                .mapToLong(sequence -> sentAt.get(sequence + 1) - sentAt.get(sequence))
                .toArray();
        return new RoundTrips(
                Integer.parseInt(summary.group(1)),
                nanos.values().stream().mapToLong(Long::longValue).toArray(),
                gaps);
    }
}
