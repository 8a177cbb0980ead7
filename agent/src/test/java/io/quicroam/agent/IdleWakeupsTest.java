package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.pathmanager.PathManager;
import io.quicroam.pathmanager.PathManagerListener;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.iface.SimulatedMonitor;
import io.quicroam.pathmanager.path.PathDecision;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import io.quicroam.pathmanager.time.VirtualTime;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An idle agent's own timers stand still (issue #17): the path MTU watch and the QUIC statistics reader pace
 * themselves by user traffic, as the probes do. On virtual time, with a real path manager and Wi-Fi and LTE paths
 * whose carriers count how often they are read.
 */
class IdleWakeupsTest {
    private static final InetSocketAddress GATEWAY = new InetSocketAddress(IpAddresses.parse("198.19.0.1"), 4433);
    private static final Duration IDLE_MINUTE = Duration.ofSeconds(60);

    private final VirtualTime time = new VirtualTime();
    private final CountingTime mtuTime = new CountingTime(time);
    private final CountingTime samplerTime = new CountingTime(time);
    private final Lab lab = new Lab();

    @Test
    void anIdleMinuteReadsNoPathMtuAndQuicFiguresOnlyEveryFewSeconds() throws Exception {
        time.advance(MtuWatch.DISCOVERY.plusSeconds(5)); // the paths opened and discovered their MTU
        int refreshes = lab.refreshes();
        int samplerTimers = samplerTime.scheduled.get();
        int mtuTimers = mtuTime.scheduled.get();

        time.advance(IDLE_MINUTE);

        // Before #17's fix: 240 MTU reads per path and 600 statistics ticks a minute, whatever the traffic.
        assertThat(lab.refreshes() - refreshes).isZero();
        assertThat(mtuTime.scheduled.get() - mtuTimers).isZero();
        assertThat(samplerTime.scheduled.get() - samplerTimers)
                .isLessThanOrEqualTo((int) (IDLE_MINUTE.toSeconds() / TransportSampler.IDLE.toSeconds()) + 1);
    }

    @Test
    void trafficAfterAnIdleSpellFollowsTheMtuAgainAndStopsWhenTrafficStops() throws Exception {
        time.advance(MtuWatch.DISCOVERY.plusSeconds(5));
        time.advance(IDLE_MINUTE);
        lab.wifiCarrier.max = 1326; // a smaller path MTU, found only by sending

        int refreshes = lab.wifiCarrier.refreshes.get();
        for (int i = 0; i < 10; i++) { // a second of traffic
            lab.paths.trafficSent(lab.wifi.id(), 1000);
            time.advance(Duration.ofMillis(100));
        }
        assertThat(lab.wifiCarrier.refreshes.get() - refreshes).isGreaterThanOrEqualTo(3); // every 250 ms
        assertThat(lab.tunnelMtu.current()).isEqualTo(1326);

        time.advance(Duration.ofSeconds(5)); // traffic stopped: idle again after 2 s
        int afterTraffic = lab.refreshes();
        time.advance(IDLE_MINUTE);
        assertThat(lab.refreshes()).isEqualTo(afterTraffic);
    }

    @Test
    void aNewPathIsFollowedWhileItDiscoversItsMtuEvenWithoutTraffic() throws Exception {
        time.advance(MtuWatch.DISCOVERY.plusSeconds(5));
        int before = lab.wifiCarrier.refreshes.get();
        lab.mtuWatch.opened(lab.wifi); // a path opened anew

        time.advance(Duration.ofSeconds(2));
        assertThat(lab.wifiCarrier.refreshes.get() - before).isGreaterThanOrEqualTo(6);
    }

    /** The agent's side on virtual time: a path table, the MTU watch, the statistics reader, a path manager. */
    private final class Lab implements PathManagerListener {
        final PathTable table = new PathTable(PathEndpoints.direct(GATEWAY));
        final TunnelMtu tunnelMtu = new TunnelMtu(new TunnelConfig("qr0", TunnelConfig.AUTO_MTU), new NoDevice());
        final PathManager paths;
        final MtuWatch mtuWatch;
        final TransportSampler sampler;
        final CountingCarrier wifiCarrier = new CountingCarrier();
        final CountingCarrier lteCarrier = new CountingCarrier();
        AgentPath wifi;

        Lab() {
            paths = new PathManager(PathManagerConfig.defaults(), time, new SimpleMeterRegistry(), this);
            mtuWatch = new MtuWatch(mtuTime, table, paths, tunnelMtu, why -> {});
            sampler = new TransportSampler(samplerTime, table, paths);
            try {
                SimulatedMonitor monitor = new SimulatedMonitor(time.clock());
                paths.start(monitor);
                mtuWatch.start();
                sampler.start();
                monitor.addUp("wlan0", InterfaceClass.WIFI, IpAddresses.parse("198.18.1.2"));
                monitor.addUp("wwan0", InterfaceClass.CELLULAR, IpAddresses.parse("198.18.2.2"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            time.advance(Duration.ofMillis(10));
        }

        int refreshes() {
            return wifiCarrier.refreshes.get() + lteCarrier.refreshes.get();
        }

        @Override
        public void interfaceUsable(NetInterface ni) {
            InetAddress local = ni.routableAddresses().get(0);
            AgentPath path = new AgentPath(new PathId(ni.name(), local, GATEWAY), ni, null);
            boolean isWifi = ni.name().equals("wlan0");
            path.tunnel(new TunnelPath(isWifi ? wifiCarrier : lteCarrier, null, -1));
            table.put(path);
            if (isWifi) {
                wifi = path;
            }
            paths.pathOpened(path.id());
            mtuWatch.opened(path);
        }

        @Override
        public void sendProbe(PathId id, long sequence) {
            time.schedule(Duration.ofMillis(20), () -> paths.probeAnswered(id, sequence));
        }

        @Override
        public void decision(PathDecision decision) {
            decision.roles().forEach((id, role) -> {
                AgentPath path = table.get(id);
                if (path != null) {
                    path.role(role);
                }
            });
        }

        @Override
        public void trafficResumed() {
            mtuWatch.trafficResumed();
            sampler.trafficResumed();
        }
    }

    /** A path's carrier that counts how often its capacity is read; {@code max} is what discovery found. */
    private static final class CountingCarrier implements PathCarrier {
        final AtomicInteger refreshes = new AtomicInteger();
        volatile int max = 1426;

        @Override
        public String transport() {
            return "quic";
        }

        @Override
        public void send(long contextId, ByteBuf payload) {
            payload.release();
        }

        @Override
        public void sendCapsules(Capsule... capsules) {}

        @Override
        public int maxPacketSize() {
            return max;
        }

        @Override
        public int ceilingPacketSize() {
            return 1426;
        }

        @Override
        public boolean viaCapsules() {
            return false;
        }

        @Override
        public CompletableFuture<Integer> refreshCapacity() {
            refreshes.incrementAndGet();
            return CompletableFuture.completedFuture(max);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return GATEWAY;
        }

        @Override
        public ByteBufAllocator alloc() {
            return UnpooledByteBufAllocator.DEFAULT;
        }

        @Override
        public void close() {}
    }

    /** The virtual time source, counting the timers set through it. */
    private static final class CountingTime implements TimeSource {
        final AtomicInteger scheduled = new AtomicInteger();
        private final TimeSource time;

        CountingTime(TimeSource time) {
            this.time = time;
        }

        @Override
        public long nanos() {
            return time.nanos();
        }

        @Override
        public Clock clock() {
            return time.clock();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            scheduled.incrementAndGet();
            return time.schedule(delay, task);
        }

        @Override
        public void execute(Runnable task) {
            time.execute(task);
        }
    }

    private static final class NoDevice implements TunnelDevice {
        @Override
        public void apply(TunnelAssignment assignment, Collection<InetAddress> excluded) {}

        @Override
        public void mtu(int value) {}

        @Override
        public void close() {}
    }
}
