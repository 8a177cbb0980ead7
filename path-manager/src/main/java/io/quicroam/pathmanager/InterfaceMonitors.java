package io.quicroam.pathmanager;

import io.quicroam.pathmanager.iface.InterfaceClassifier;
import io.quicroam.pathmanager.iface.InterfaceMonitor;
import io.quicroam.pathmanager.iface.NetworkChange;
import io.quicroam.pathmanager.iface.PollingMonitor;
import io.quicroam.pathmanager.iface.SysfsClassifier;
import io.quicroam.pathmanager.netlink.LinuxNetlinkMonitor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The interface monitor for this host: rtnetlink where it works, else polling (and the log says which). */
public final class InterfaceMonitors {
    private static final Logger log = LoggerFactory.getLogger(InterfaceMonitors.class);
    /** How often the fallback polls: quick enough for a handover, cheap enough for a laptop. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private InterfaceMonitors() {}

    /** A monitor that starts on netlink and falls back to polling {@link java.net.NetworkInterface}. */
    public static InterfaceMonitor forThisHost(Clock clock) {
        return new InterfaceMonitor() {
            private InterfaceMonitor active;

            @Override
            public synchronized void start(Consumer<NetworkChange> sink) throws IOException {
                LinuxNetlinkMonitor netlink = LinuxNetlinkMonitor.create(clock);
                try {
                    netlink.start(sink);
                    active = netlink;
                    log.info("Watching interfaces through rtnetlink");
                    return;
                } catch (IOException | LinkageError | RuntimeException e) {
                    // Not Linux, no JNA, or a sandbox without netlink.
                    log.info("rtnetlink is unavailable ({}); falling back to polling", e.toString());
                    netlink.close();
                }
                active = new PollingMonitor(POLL_INTERVAL, clock, classifier());
                active.start(sink);
            }

            @Override
            public InterfaceClassifier classifier() {
                return new SysfsClassifier(); // falls back to names where there is no sysfs
            }

            @Override
            public synchronized void close() {
                if (active != null) {
                    active.close();
                }
            }
        };
    }
}
