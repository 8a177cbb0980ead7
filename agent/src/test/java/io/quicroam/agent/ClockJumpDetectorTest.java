package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.pathmanager.PathManager;
import io.quicroam.pathmanager.PathManagerListener;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.iface.SimulatedMonitor;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.pathmanager.policy.ProbeSettings;
import io.quicroam.pathmanager.time.VirtualTime;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sleep and resume on virtual time: the wall clock runs on while the monotonic clock stands still. */
class ClockJumpDetectorTest {
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final Duration THRESHOLD = Duration.ofSeconds(3);
    /** Three standby probes after the paths opened, and a second more: the last one is a second old at most. */
    private static final Duration SETTLED =
            ProbeSettings.defaults().standbyInterval().multipliedBy(3).plusSeconds(1);

    private final VirtualTime time = new VirtualTime();
    private final SleepyWallClock wall = new SleepyWallClock(time);

    /** The virtual clock's wall time plus however long the laptop "slept". */
    private static final class SleepyWallClock extends Clock {
        private final VirtualTime time;
        private Duration slept = Duration.ZERO;

        SleepyWallClock(VirtualTime time) {
            this.time = time;
        }

        void sleep(Duration d) {
            slept = slept.plus(d);
        }

        void setBack(Duration d) {
            slept = slept.minus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return time.clock().instant().plus(slept);
        }
    }

    @Test
    void aSleepIsReportedOnceWithItsLength() {
        List<Duration> jumps = new ArrayList<>();
        new ClockJumpDetector(wall, time, INTERVAL, THRESHOLD, jumps::add).start();
        time.advance(Duration.ofSeconds(30));

        wall.sleep(Duration.ofMinutes(10));
        time.advance(Duration.ofSeconds(30));

        assertThat(jumps).containsExactly(Duration.ofMinutes(10));
    }

    @Test
    void clocksRunningTogetherOrSetBackAreNoSleep() {
        List<Duration> jumps = new ArrayList<>();
        new ClockJumpDetector(wall, time, INTERVAL, THRESHOLD, jumps::add).start();
        time.advance(Duration.ofMinutes(5));
        wall.sleep(Duration.ofSeconds(1)); // an NTP step below the threshold
        wall.setBack(Duration.ofMinutes(3)); // the clock set back by hand
        time.advance(Duration.ofMinutes(5));

        assertThat(jumps).isEmpty();
    }

    @Test
    void closedDetectorStopsChecking() {
        List<Duration> jumps = new ArrayList<>();
        ClockJumpDetector detector = new ClockJumpDetector(wall, time, INTERVAL, THRESHOLD, jumps::add).start();
        time.advance(Duration.ofSeconds(5));

        detector.close();
        wall.sleep(Duration.ofHours(1));
        time.advance(Duration.ofSeconds(30));

        assertThat(jumps).isEmpty();
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void resumeProbesTheStandbyPathAtOnceInsteadOfAfterItsStandbyInterval() throws Exception {
        ProbingAgent agent = new ProbingAgent(time);
        new ClockJumpDetector(wall, time, INTERVAL, THRESHOLD, away -> agent.paths.reprobeAll()).start();
        time.advance(SETTLED);
        long lastStandbyProbe = agent.lastProbeOn("wwan0");
        assertThat(lastStandbyProbe)
                .as("the standby path was probed while settling")
                .isPositive();
        // Just after a standby probe: the next one is due a standby interval later.
        time.advance(Duration.ofNanos(lastStandbyProbe + Duration.ofSeconds(1).toNanos() - time.nanos()));

        wall.sleep(Duration.ofMinutes(20));
        long resumed = time.nanos();
        time.advance(INTERVAL.plusMillis(100));

        assertThat(agent.lastProbeOn("wwan0") - resumed)
                .as("standby probe after resume")
                .isBetween(0L, INTERVAL.plusMillis(100).toNanos());
    }

    @Test
    void withoutASleepTheStandbyPathWaitsForItsInterval() throws Exception {
        ProbingAgent agent = new ProbingAgent(time);
        new ClockJumpDetector(wall, time, INTERVAL, THRESHOLD, away -> agent.paths.reprobeAll()).start();
        time.advance(SETTLED);
        long lastStandbyProbe = agent.lastProbeOn("wwan0");
        time.advance(Duration.ofNanos(lastStandbyProbe + Duration.ofSeconds(1).toNanos() - time.nanos()));

        time.advance(INTERVAL.plusMillis(100));

        assertThat(agent.lastProbeOn("wwan0")).isEqualTo(lastStandbyProbe);
    }

    /** A path manager on virtual time with Wi-Fi (active) and LTE (standby) paths whose probes are answered in 20 ms. */
    private static final class ProbingAgent implements PathManagerListener {
        private static final InetSocketAddress GATEWAY = new InetSocketAddress(IpAddresses.parse("198.19.0.1"), 4433);
        private final VirtualTime time;
        private final List<Object[]> probes = new ArrayList<>();
        final PathManager paths;

        ProbingAgent(VirtualTime time) throws Exception {
            this.time = time;
            this.paths = new PathManager(PathManagerConfig.defaults(), time, new SimpleMeterRegistry(), this);
            SimulatedMonitor monitor = new SimulatedMonitor(time.clock());
            paths.start(monitor);
            monitor.addUp("wlan0", InterfaceClass.WIFI, IpAddresses.parse("198.18.1.2"));
            monitor.addUp("wwan0", InterfaceClass.CELLULAR, IpAddresses.parse("198.18.2.2"));
        }

        @Override
        public void interfaceUsable(NetInterface ni) {
            paths.pathOpened(new PathId(ni.name(), ni.routableAddresses().get(0), GATEWAY));
        }

        @Override
        public void sendProbe(PathId path, long sequence) {
            probes.add(new Object[] {time.nanos(), path.interfaceName()});
            time.schedule(Duration.ofMillis(20), () -> paths.probeAnswered(path, sequence));
        }

        long lastProbeOn(String interfaceName) {
            return probes.stream()
                    .filter(p -> p[1].equals(interfaceName))
                    .mapToLong(p -> (long) p[0])
                    .max()
                    .orElse(-1);
        }
    }
}
