package io.quicroam.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.quicroam.agent.Agent;
import io.quicroam.agent.TransportConfig;
import io.quicroam.cli.idle.IdleCommand;
import io.quicroam.cli.idle.TcpCommand;
import io.quicroam.gateway.GatewayServer;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.packetio.PacketIo;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.Transports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quicroam bench}: {@code throughput} here, {@code latency} ({@link LatencyBench}). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks.",
        subcommands = {BenchCommand.Throughput.class, LatencyBench.class, IdleCommand.class, TcpCommand.class})
final class BenchCommand {

    @Command(
            name = "throughput",
            mixinStandardHelpOptions = true,
            description = "In-memory source -> agent -> QUIC on loopback -> gateway -> in-memory sink, for 1350- and "
                    + "200-byte inner packets, against raw netty UDP on loopback with the same sizes, in one run.")
    static final class Throughput implements Callable<Integer> {
        @Option(
                names = "--runs",
                defaultValue = "5",
                description = "Runs per measurement; the median is reported (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(
                names = "--seconds",
                defaultValue = "2",
                description = "Length of one run (default ${DEFAULT-VALUE} s).")
        double seconds;

        /**
         * Unmeasured runs of each kind before the measured ones, for each size. Measured without them
         * (2026-11-30, 1350 B, seven runs in a row): 746, 1 103, 1 816, 1 847 … 2 255 Mbit/s, and 717, 1 180,
         * 2 087, 2 439 … 2 358: the JIT compiles the datapath over the first ~5 s, so a median of three runs timed
         * half-compiled code and moved 2× between invocations.
         */
        @Option(
                names = "--warmup",
                defaultValue = "3",
                description = "Runs of each kind before the measured ones, for the JIT; not counted, listed in the "
                        + "JSON (default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
        Path json;

        @Option(
                names = "--transport",
                defaultValue = "quic",
                description = "What carries the tunnel: quic or http2 (TCP, TLS, HTTP/2; wire overhead not counted).")
        String transport;

        @Mixin
        Verbosity verbosity;

        @Override
        public Integer call() throws Exception {
            verbosity.apply();
            if (!transport.equals("quic") && !transport.equals("http2")) {
                System.err.println("--transport: quic or http2");
                return 2;
            }
            if (runs < 1 || warmup < 0 || seconds <= 0) {
                System.err.println("--runs and --seconds must be positive, --warmup not negative");
                return 2;
            }
            int[] sizes = {1350, 200};
            Map<String, Object> report = new LinkedHashMap<>();
            List<Map<String, Object>> rows = new ArrayList<>();
            System.out.printf(
                    "%-6s %22s %12s %22s %6s %10s %24s %14s%n",
                    "size",
                    "tunnel Mbit/s (spread)",
                    "tunnel pkt/s",
                    "UDP Mbit/s (spread)",
                    "ratio",
                    "wire B/pkt",
                    "lost/counted+socket/sent",
                    "CPU s/GB a/g");
            for (int size : sizes) {
                List<Double> warmupTunnel = new ArrayList<>();
                List<Double> warmupRaw = new ArrayList<>();
                for (int run = 0; run < warmup; run++) {
                    warmupTunnel.add(mbit(tunnelRun(size).pps(), size));
                    warmupRaw.add(mbit(rawUdpRun(size), size));
                }
                List<TunnelRun> tunnel = new ArrayList<>();
                List<double[]> raw = new ArrayList<>();
                for (int run = 0; run < runs; run++) {
                    tunnel.add(tunnelRun(size));
                    raw.add(new double[] {rawUdpRun(size)});
                }
                List<double[]> tunnelFigures =
                        tunnel.stream().map(TunnelRun::figures).toList();
                double tunnelPps = median(tunnelFigures, 0);
                double rawPps = median(raw, 0);
                double overhead = median(tunnelFigures, 1);
                double agentCpu = median(tunnelFigures, 2);
                double gatewayCpu = median(tunnelFigures, 3);
                long lost = tunnel.stream().mapToLong(TunnelRun::lost).sum();
                long injected = tunnel.stream().mapToLong(TunnelRun::injected).sum();
                long counted =
                        tunnel.stream().mapToLong(TunnelRun::countedDrops).sum();
                long socketDrops =
                        tunnel.stream().mapToLong(TunnelRun::socketDrops).sum();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("inner_packet_bytes", size);
                row.put("tunnel_mbit_s", mbit(tunnelPps, size));
                row.put("tunnel_mbit_s_min", mbit(lowest(tunnelFigures, 0), size));
                row.put("tunnel_mbit_s_max", mbit(highest(tunnelFigures, 0), size));
                row.put(
                        "tunnel_mbit_s_runs",
                        tunnelFigures.stream().map(f -> mbit(f[0], size)).toList());
                row.put("tunnel_pps", tunnelPps);
                row.put("warmup_tunnel_mbit_s_runs", warmupTunnel);
                row.put("raw_udp_mbit_s", mbit(rawPps, size));
                row.put("raw_udp_mbit_s_min", mbit(lowest(raw, 0), size));
                row.put("raw_udp_mbit_s_max", mbit(highest(raw, 0), size));
                row.put(
                        "raw_udp_mbit_s_runs",
                        raw.stream().map(r -> mbit(r[0], size)).toList());
                row.put("raw_udp_pps", rawPps);
                row.put("warmup_raw_udp_mbit_s_runs", warmupRaw);
                row.put("ratio", tunnelPps / rawPps);
                row.put("wire_overhead_bytes_per_packet", overhead);
                row.put("packets_injected", injected);
                row.put("packets_lost", lost);
                row.put("packets_lost_counted_as_drops", counted);
                row.put("gateway_socket_drops", socketDrops);
                row.put(
                        "packets_lost_runs",
                        tunnel.stream().map(TunnelRun::lost).toList());
                row.put(
                        "packets_lost_counted_as_drops_runs",
                        tunnel.stream().map(TunnelRun::countedDrops).toList());
                row.put(
                        "gateway_socket_drops_runs",
                        tunnel.stream().map(TunnelRun::socketDrops).toList());
                row.put("agent_cpu_s_per_gb", agentCpu);
                row.put("gateway_cpu_s_per_gb", gatewayCpu);
                rows.add(row);
                System.out.printf(
                        "%-6d %22s %12.0f %22s %6.2f %10.1f %24s %14s%n",
                        size,
                        String.format(
                                "%.0f (%.0f-%.0f)",
                                mbit(tunnelPps, size),
                                mbit(lowest(tunnelFigures, 0), size),
                                mbit(highest(tunnelFigures, 0), size)),
                        tunnelPps,
                        String.format(
                                "%.0f (%.0f-%.0f)",
                                mbit(rawPps, size), mbit(lowest(raw, 0), size), mbit(highest(raw, 0), size)),
                        tunnelPps / rawPps,
                        overhead,
                        lost + "/" + counted + "+" + socketDrops + "/" + injected,
                        String.format("%.1f/%.1f", agentCpu, gatewayCpu));
            }
            report.put("transport", transport);
            report.put("runs", runs);
            report.put("warmup_runs", warmup);
            report.put("seconds_per_run", seconds);
            report.put("results", rows);
            if (json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            }
            return 0;
        }

        private static double mbit(double pps, int size) {
            return pps * size * 8 / 1e6;
        }

        private static double lowest(List<double[]> samples, int index) {
            return samples.stream().mapToDouble(sample -> sample[index]).min().orElse(0);
        }

        private static double highest(List<double[]> samples, int index) {
            return samples.stream().mapToDouble(sample -> sample[index]).max().orElse(0);
        }

        private static double median(List<double[]> samples, int index) {
            List<Double> values = new ArrayList<>();
            samples.forEach(sample -> values.add(sample[index]));
            Collections.sort(values);
            return values.get(values.size() / 2);
        }

        /**
         * One run's figures: delivered inner packets per second, outer UDP bytes per delivered packet beyond the
         * inner packet, and CPU seconds per GB of inner packets delivered: the agent's (its event loop, and the
         * source thread, which does the uplink a TUN reader would) and the gateway's (its event loop); packets
         * handed to the agent and never delivered, how many of those the agent or the gateway counted as drops, and
         * the UDP packets the kernel dropped before the gateway's QUIC socket read them (each held one 1350-byte
         * inner packet, or several 200-byte ones).
         */
        record TunnelRun(
                double pps,
                double overhead,
                double agentCpuPerGb,
                double gatewayCpuPerGb,
                long injected,
                long lost,
                long countedDrops,
                long socketDrops) {
            double[] figures() {
                return new double[] {pps, overhead, agentCpuPerGb, gatewayCpuPerGb};
            }
        }

        /** Every drop {@code metrics} (the agent's or the gateway's) counted, whatever the reason. */
        private static long drops(ToDoubleFunction<DropReason> metrics) {
            double total = 0;
            for (DropReason reason : DropReason.values()) {
                total += metrics.applyAsDouble(reason);
            }
            return (long) total;
        }

        private TunnelRun tunnelRun(int size) throws Exception {
            CountingSink sink = new CountingSink();
            try (LoopbackRig rig = LoopbackRig.withGateway(
                            LocalGateway.Options.defaults().withEgress(sink))
                    .tunnelMtu(1400)
                    .packetIo(new InMemoryPacketIo("mem0", 1500, 4096))
                    .transports(new TransportConfig(
                            TransportConfig.Transport.valueOf(transport.toUpperCase(Locale.ROOT)),
                            Duration.ofSeconds(1),
                            Map.of()))
                    .start()) {
                InMemoryPacketIo io = rig.io();
                Agent agent = rig.agent();
                GatewayServer gateway = rig.gateway().server();
                rig.connect();
                InetAddress source = rig.innerV4();
                ByteBuf template = IpPacketBuilder.udp(
                        source, InetAddress.getByName("198.51.100.1"), 40000, 9, new byte[size - 28]);
                long wireBytesBefore = gateway.wire().bytes();
                long dropsBefore = drops(agent.metrics()::drops)
                        + drops(rig.gateway().gateway().metrics()::drops);
                long socketDropsBefore = rig.gateway().gateway().metrics().udpReceiveDrops();
                long agentCpuBefore = ThreadCpu.nanos("quicroam-agent") + ThreadCpu.current();
                long gatewayCpuBefore = ThreadCpu.nanos("quicroam-gateway");
                long deadline = System.nanoTime() + (long) (seconds * 1e9);
                long start = System.nanoTime();
                long before = sink.packets();
                long innerBefore = sink.bytes();
                long injected = 0;
                while (System.nanoTime() < deadline) {
                    for (int i = 0; i < 64; i++) {
                        ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(size + PacketIo.HEADROOM);
                        packet.writerIndex(PacketIo.HEADROOM)
                                .readerIndex(PacketIo.HEADROOM); // as a TUN reader leaves it
                        packet.writeBytes(template, template.readerIndex(), template.readableBytes());
                        io.inject(packet);
                        injected++;
                    }
                    // Let the event loop drain: the source must not outrun QUIC's congestion control by much.
                    // Packets a full queue dropped (HTTP/2's is short, by design; quiche's) are not waited for.
                    while (agent.metrics().uplinkPacketCount()
                                            - (long) agent.metrics().drops(DropReason.QUEUE_FULL)
                                            - (long) agent.metrics().drops(DropReason.QUIC_QUEUE_FULL)
                                            - sink.packets()
                                    > 2048
                            && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(20_000); // leave the cores to QUIC
                    }
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                long agentCpu = ThreadCpu.current();
                // What is still on its way arrives, or is counted: on a loaded machine that takes more than 200 ms.
                long settled = -1;
                for (int wait = 0; wait < 30; wait++) {
                    Thread.sleep(200);
                    long now = sink.packets()
                            + drops(agent.metrics()::drops)
                            + drops(rig.gateway().gateway().metrics()::drops);
                    if (now == settled) {
                        break;
                    }
                    settled = now;
                }
                agentCpu += ThreadCpu.nanos("quicroam-agent") - agentCpuBefore;
                long gatewayCpu = ThreadCpu.nanos("quicroam-gateway") - gatewayCpuBefore;
                long delivered = sink.packets() - before;
                long wire = gateway.wire().bytes() - wireBytesBefore;
                long inner = sink.bytes() - innerBefore;
                long counted = drops(agent.metrics()::drops)
                        + drops(rig.gateway().gateway().metrics()::drops)
                        - dropsBefore;
                long socketDrops = rig.gateway().gateway().metrics().udpReceiveDrops() - socketDropsBefore;
                template.release();
                double gigabytes = Math.max(inner, 1) / 1e9;
                return new TunnelRun(
                        delivered / elapsed,
                        delivered == 0 ? 0 : (double) (wire - inner) / delivered,
                        agentCpu / 1e9 / gigabytes,
                        gatewayCpu / 1e9 / gigabytes,
                        injected,
                        injected - delivered,
                        counted,
                        socketDrops);
            }
        }

        /** Raw netty UDP on loopback with the same payload size, packets per second: the ceiling for this machine. */
        private double rawUdpRun(int size) throws Exception {
            EventLoopGroup group = Transports.group(2, "bench-udp");
            try {
                LongAdder received = new LongAdder();
                Channel server = new Bootstrap()
                        .group(group)
                        .channel(Transports.datagramChannel())
                        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                                received.increment();
                            }
                        })
                        .bind(InetAddress.getLoopbackAddress(), 0)
                        .sync()
                        .channel();
                Channel client = new Bootstrap()
                        .group(group)
                        .channel(Transports.datagramChannel())
                        .handler(new ChannelInboundHandlerAdapter())
                        .bind(InetAddress.getLoopbackAddress(), 0)
                        .sync()
                        .channel();
                InetSocketAddress target = (InetSocketAddress) server.localAddress();
                long deadline = System.nanoTime() + (long) (seconds * 1e9);
                long start = System.nanoTime();
                LongAdder sent = new LongAdder();
                // Sent from the client's own event loop in batches of 64 with one flush: netty at its best.
                CountDownLatch done = new CountDownLatch(1);
                Runnable[] burst = new Runnable[1];
                burst[0] = () -> {
                    if (System.nanoTime() >= deadline) {
                        done.countDown();
                        return;
                    }
                    if (sent.sum() - received.sum() < 2048) {
                        for (int i = 0; i < 64; i++) {
                            ByteBuf payload = PooledByteBufAllocator.DEFAULT
                                    .directBuffer(size)
                                    .writeZero(size);
                            client.write(new DatagramPacket(payload, target), client.voidPromise());
                        }
                        sent.add(64);
                        client.flush();
                    }
                    client.eventLoop().execute(burst[0]);
                };
                client.eventLoop().execute(burst[0]);
                done.await();
                double elapsed = (System.nanoTime() - start) / 1e9;
                Thread.sleep(100);
                client.close().sync();
                server.close().sync();
                return received.sum() / elapsed;
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            }
        }
    }
}
