package io.quicroam.cli;

import io.netty.buffer.ByteBuf;
import io.quicroam.agent.TunnelAssignment;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quicroam demo}: a gateway and an agent in one process on loopback; pings cross the tunnel. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Start a gateway (echo egress) and an agent (in-memory packets) on loopback and ping "
                + "through the CONNECT-IP tunnel between them.")
final class DemoCommand implements Callable<Integer> {
    @Option(
            names = {"-n", "--count"},
            defaultValue = "5",
            description = "Pings per address family (default ${DEFAULT-VALUE}).")
    int count;

    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() throws Exception {
        verbosity.apply();
        try (LoopbackRig rig = LoopbackRig.withGateway(LocalGateway.Options.defaults())
                .packetIo(new InMemoryPacketIo("mem0", 1280, 1024))
                .start()) {
            System.out.println("gateway: " + rig.gateway().template());
            InMemoryPacketIo io = rig.io();
            TunnelAssignment assignment = rig.connect();
            System.out.println("tunnel up: assigned "
                    + assignment.addresses().stream()
                            .map(a -> a.prefix().toString())
                            .toList()
                    + ", " + assignment.routes().size() + " route range(s)");
            int answered = 0;
            for (AssignedAddress address : assignment.addresses()) {
                InetAddress source = address.prefix().address();
                InetAddress target =
                        InetAddress.getByName(source.getAddress().length == 4 ? "198.51.100.7" : "2001:db8::7");
                for (int seq = 1; seq <= count; seq++) {
                    long sent = System.nanoTime();
                    io.inject(IpPacketBuilder.icmpEcho(source, target, 0x5152, seq, new byte[56], false));
                    ByteBuf reply = io.poll(Duration.ofSeconds(2));
                    if (reply == null) {
                        System.out.printf(
                                "%s -> %s seq=%d: no reply%n",
                                IpAddresses.format(source), IpAddresses.format(target), seq);
                        continue;
                    }
                    try {
                        if (IcmpView.isEchoReply(reply) && IcmpView.sequence(reply) == seq) {
                            answered++;
                            System.out.printf(
                                    "%d bytes from %s through the tunnel: seq=%d time=%.2f ms%n",
                                    IpPacket.totalLength(reply),
                                    IpAddresses.format(IpPacket.source(reply)),
                                    seq,
                                    (System.nanoTime() - sent) / 1e6);
                        }
                    } finally {
                        reply.release();
                    }
                }
            }
            int expected = count * assignment.addresses().size();
            System.out.printf("%d/%d echo replies came back through the tunnel%n", answered, expected);
            // A fresh process's first packets run before the JIT compiled the datapath: milliseconds, not what a
            // running agent adds (issue #19 took "2-7 ms per ping" here for the tunnel's latency).
            System.out.println("(the first packets of a fresh process run before the JIT has compiled the datapath; "
                    + "`quicroam bench latency` times the tunnel warm)");
            return answered == expected ? 0 : 1;
        }
    }
}
