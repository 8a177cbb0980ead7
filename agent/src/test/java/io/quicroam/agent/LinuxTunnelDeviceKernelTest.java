package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.linux.CommandResult;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.testing.RootOnly;
import io.quicroam.linux.testing.TestNamespace;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.packetio.TunDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes the kernel gets for a proxy that advertises everything: never the gateway, never a subnet the laptop
 * is directly connected to, never more than {@code tunnel.max-routes}; all gone on close. A real TUN device in a
 * namespace this test creates, with a second device standing for the laptop's LAN. Split tunnelling and DNS on the
 * same real device. Root only.
 */
class LinuxTunnelDeviceKernelTest {
    private static final IpAddressRange EVERY_IPV4 =
            new IpAddressRange(IpAddresses.parse("0.0.0.0"), IpAddresses.parse("255.255.255.255"), 0);

    @Test
    void anAdvertisedDefaultRouteLeavesTheGatewayAndTheLanOutside() throws Exception {
        RootOnly.requireTun();
        try (NetworkNamespace ns = TestNamespace.create();
                TunDevice lan = TunDevice.open("qrlan0", ns);
                TunDevice tun = TunDevice.open("qr0", ns)) {
            ns.ip().run("address", "add", "192.168.77.20/24", "dev", lan.name());
            LinuxTunnelDevice device = new LinuxTunnelDevice(tun, new TunnelConfig(tun.name(), 1280), noDns());
            device.apply(assignment(), List.of(IpAddresses.parse("203.0.113.9")));

            List<IpPrefix> routes = routes(ns, tun);
            for (String outside : new String[] {"203.0.113.9", "192.168.77.1", "192.168.77.254"}) {
                assertThat(routes).as(outside + " stays outside the tunnel").noneMatch(r -> covers(r, outside));
            }
            for (String inside : new String[] {"203.0.113.8", "192.168.78.1", "8.8.8.8"}) {
                assertThat(routes).as(inside + " uses the tunnel").anyMatch(r -> covers(r, inside));
            }
            device.close();
            assertThat(routes(ns, tun)).as("removed on close").isEmpty();
        }
    }

    @Test
    void theKernelGetsAtMostMaxRoutes() throws Exception {
        RootOnly.requireTun();
        try (NetworkNamespace ns = TestNamespace.create();
                TunDevice tun = TunDevice.open("qr0", ns)) {
            LinuxTunnelDevice device = new LinuxTunnelDevice(
                    tun, new TunnelConfig(tun.name(), 1280, List.of(), List.of(), 10, true), noDns());
            // Everything minus one host is 32 prefixes: more than the 10 allowed.
            device.apply(assignment(), List.of(IpAddresses.parse("203.0.113.9")));
            assertThat(routes(ns, tun)).hasSize(10);
            device.close();
        }
    }

    @Test
    void splitTunnelPrefixesAndNameServersReachTheKernelAndResolverAndAReloadChangesThem(@TempDir Path dir)
            throws Exception {
        RootOnly.requireTun();
        // Stands in for systemd-resolved's resolvectl (absent here): a real program that records how it was called.
        Path calls = dir.resolve("resolvectl.calls");
        Path resolvectl = dir.resolve("resolvectl");
        Files.writeString(resolvectl, "#!/bin/sh\necho \"$*\" >> " + calls + "\n");
        Files.setPosixFilePermissions(resolvectl, PosixFilePermissions.fromString("rwxr-xr-x"));
        SystemCommands host = SystemCommands.host(Duration.ofSeconds(10));
        SystemCommands withRecordingResolver = new SystemCommands() {
            @Override
            public CommandResult run(List<String> argv) throws IOException {
                return host.run(argv);
            }

            @Override
            public Optional<Path> find(String program) {
                return program.equals("resolvectl") ? Optional.of(resolvectl) : host.find(program);
            }
        };
        DnsConfig corporate = new DnsConfig(List.of(IpAddresses.parse("10.20.0.53")), List.of("corp.example"));
        try (NetworkNamespace ns = TestNamespace.create();
                TunDevice tun = TunDevice.open("qr0", ns)) {
            LinuxTunnelDevice device = new LinuxTunnelDevice(
                    tun,
                    new TunnelConfig(
                            tun.name(),
                            1280,
                            List.of(IpPrefix.parse("10.20.0.0/16")),
                            List.of(IpPrefix.parse("10.20.128.0/17")),
                            TunnelConfig.DEFAULT_MAX_ROUTES,
                            true),
                    new DnsConfigurator(corporate, withRecordingResolver));
            device.apply(assignment(), List.of(IpAddresses.parse("203.0.113.9")));

            // include narrows "everything" to 10.20.0.0/16; exclude takes its upper half back out.
            assertThat(routes(ns, tun)).containsExactly(IpPrefix.parse("10.20.0.0/17"));
            assertThat(Files.readAllLines(calls)).containsExactly("dns qr0 10.20.0.53", "domain qr0 corp.example");

            // A reload: other prefixes, other servers; the kernel and the resolver follow, the old ones are gone.
            device.reconfigure(
                    new TunnelConfig(
                            tun.name(),
                            1280,
                            List.of(IpPrefix.parse("172.16.0.0/12")),
                            List.of(),
                            TunnelConfig.DEFAULT_MAX_ROUTES,
                            true),
                    new DnsConfig(List.of(IpAddresses.parse("172.16.0.53")), List.of(DnsConfig.ALL_QUERIES)));
            assertThat(routes(ns, tun)).containsExactly(IpPrefix.parse("172.16.0.0/12"));
            assertThat(Files.readAllLines(calls)).endsWith("revert qr0", "dns qr0 172.16.0.53", "domain qr0 ~.");

            device.close();
            assertThat(routes(ns, tun)).as("removed on close").isEmpty();
            assertThat(Files.readAllLines(calls)).last().isEqualTo("revert qr0");
        }
    }

    @Test
    void anAssignedIpv6PrefixGivesTheDeviceAHostAddressInsideItNotTheSubnetRouterAnycastAddress() throws Exception {
        RootOnly.requireTun();
        try (NetworkNamespace ns = TestNamespace.create();
                TunDevice tun = TunDevice.open("qr0", ns)) {
            LinuxTunnelDevice device = new LinuxTunnelDevice(tun, new TunnelConfig(tun.name(), 1280), noDns());
            device.apply(
                    new TunnelAssignment(
                            List.of(new AssignedAddress(0, IpPrefix.parse("fd00:1:2:3::/64"))), List.of(EVERY_IPV4)),
                    List.of());

            String addresses = ns.ip().run("-6", "-o", "address", "show", "dev", tun.name());
            // RFC 4291 §2.6.1: fd00:1:2:3:: is the prefix's Subnet-Router anycast address, no host's
            assertThat(addresses).contains("fd00:1:2:3::1/").doesNotContain("fd00:1:2:3::/");
            device.close();
        }
    }

    private static DnsConfigurator noDns() {
        return new DnsConfigurator(DnsConfig.NONE, SystemCommands.host(Duration.ofSeconds(10)));
    }

    private static TunnelAssignment assignment() {
        return new TunnelAssignment(
                List.of(new AssignedAddress(1, IpPrefix.parse("100.64.0.7/32"))), List.of(EVERY_IPV4));
    }

    private static List<IpPrefix> routes(NetworkNamespace ns, TunDevice tun) throws Exception {
        return ns.ip()
                .run("-4", "route", "show", "dev", tun.name())
                .lines()
                .map(l -> l.split(" ")[0])
                .filter(p -> !p.isBlank())
                .map(p -> IpPrefix.parse(p.contains("/") ? p : p + "/32"))
                .toList();
    }

    private static boolean covers(IpPrefix route, String address) {
        return route.contains(IpAddresses.parse(address));
    }
}
