package io.quicroam.pathmanager.iface;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portable fallback: polls {@link NetworkInterface} every interval on its own daemon thread and reports the
 * differences. Used where netlink is unavailable; it says so in the log when started. Carrier is approximated by
 * {@link NetworkInterface#isUp()}.
 */
public final class PollingMonitor implements InterfaceMonitor {
    private static final Logger log = LoggerFactory.getLogger(PollingMonitor.class);

    private final Duration interval;
    private final Clock clock;
    private final Supplier<List<ChangeDetector.LinkSnapshot>> source;
    private final InterfaceClassifier classifier;
    private ScheduledExecutorService poller;

    public PollingMonitor(Duration interval, Clock clock, InterfaceClassifier classifier) {
        this(interval, clock, classifier, PollingMonitor::systemInterfaces);
    }

    PollingMonitor(
            Duration interval,
            Clock clock,
            InterfaceClassifier classifier,
            Supplier<List<ChangeDetector.LinkSnapshot>> source) {
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("poll interval must be positive: " + interval);
        }
        this.interval = interval;
        this.clock = clock;
        this.classifier = classifier;
        this.source = source;
    }

    @Override
    public synchronized void start(Consumer<NetworkChange> sink) throws IOException {
        if (poller != null) {
            throw new IllegalStateException("already started");
        }
        log.info("Watching interfaces by polling java.net.NetworkInterface every {} (netlink unavailable)", interval);
        ChangeDetector detector = new ChangeDetector(clock, sink);
        try {
            detector.snapshot(source.get());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quicroam-interface-poller");
            t.setDaemon(true);
            return t;
        });
        long period = interval.toNanos();
        poller.scheduleWithFixedDelay(() -> poll(detector), period, period, TimeUnit.NANOSECONDS);
    }

    private void poll(ChangeDetector detector) {
        try {
            detector.snapshot(source.get());
        } catch (RuntimeException e) {
            // Keep polling: one failed enumeration (an interface vanishing mid-walk) is not the end.
            log.warn("Polling interfaces failed: {}", e.toString());
        }
    }

    @Override
    public InterfaceClassifier classifier() {
        return classifier;
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }

    static List<ChangeDetector.LinkSnapshot> systemInterfaces() {
        try {
            List<ChangeDetector.LinkSnapshot> result = new ArrayList<>();
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                Set<InetAddress> addresses = new HashSet<>(Collections.list(ni.getInetAddresses()));
                result.add(new ChangeDetector.LinkSnapshot(ni.getIndex(), ni.getName(), ni.isUp(), addresses));
            }
            return result;
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }
}
