package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.linux.CommandResult;
import io.quicroam.masque.ip.IpAddresses;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DNS for the tunnel link through resolvectl: set after the link is configured, reverted on exit. */
class DnsConfiguratorTest {
    private static final DnsConfig TWO_SERVERS = new DnsConfig(
            List.of(IpAddresses.parse("100.64.0.1"), IpAddresses.parse("fd7a:5152:4f41::1")), List.of("~."));

    /** Records commands; resolvectl is installed when {@code installed}; every command exits with {@code exit}. */
    private static final class FakeHost implements SystemCommands {
        final List<List<String>> ran = new ArrayList<>();
        final boolean installed;
        final int exit;

        FakeHost(boolean installed, int exit) {
            this.installed = installed;
            this.exit = exit;
        }

        @Override
        public CommandResult run(List<String> argv) throws IOException {
            ran.add(argv);
            return new CommandResult(
                    argv, exit, "", exit == 0 ? "" : "Failed to set DNS configuration: Link qr0 not known.\n");
        }

        @Override
        public Optional<Path> find(String program) {
            return installed ? Optional.of(Path.of("/usr/bin", program)) : Optional.empty();
        }
    }

    @Test
    void setsServersAndRoutingDomainOnceAndRevertsOnClose() {
        FakeHost host = new FakeHost(true, 0);
        DnsConfigurator dns = new DnsConfigurator(TWO_SERVERS, host);

        dns.apply("qr0");
        dns.apply("qr0"); // a second assignment (new routes) does not touch DNS again
        dns.close();

        assertThat(host.ran)
                .containsExactly(
                        List.of("/usr/bin/resolvectl", "dns", "qr0", "100.64.0.1", "fd7a:5152:4f41:0:0:0:0:1"),
                        List.of("/usr/bin/resolvectl", "domain", "qr0", "~."),
                        List.of("/usr/bin/resolvectl", "revert", "qr0"));
    }

    @Test
    void withoutServersNothingRuns() {
        FakeHost host = new FakeHost(true, 0);
        DnsConfigurator dns = new DnsConfigurator(DnsConfig.NONE, host);

        dns.apply("qr0");
        dns.close();

        assertThat(host.ran).isEmpty();
    }

    @Test
    void withoutResolvectlNothingRunsAndNothingFails() {
        FakeHost host = new FakeHost(false, 0);
        DnsConfigurator dns = new DnsConfigurator(TWO_SERVERS, host);

        dns.apply("qr0");
        dns.close();

        assertThat(host.ran).isEmpty();
    }

    @Test
    void aFailingResolvectlLeavesTheTunnelUpAndIsStillReverted() {
        FakeHost host = new FakeHost(true, 1);
        DnsConfigurator dns = new DnsConfigurator(TWO_SERVERS, host);

        dns.apply("qr0");
        dns.close();

        assertThat(host.ran).extracting(argv -> argv.get(1)).containsExactly("dns", "revert");
    }

    @Test
    void reconfiguringRevertsTheOldServersAndSetsTheNewOnes() {
        FakeHost host = new FakeHost(true, 0);
        DnsConfigurator dns = new DnsConfigurator(TWO_SERVERS, host);
        dns.apply("qr0");

        dns.reconfigure(new DnsConfig(List.of(IpAddresses.parse("100.64.0.53")), List.of("~corp.example")));

        assertThat(host.ran)
                .extracting(argv -> String.join(" ", argv.subList(1, argv.size())))
                .containsExactly(
                        "dns qr0 100.64.0.1 fd7a:5152:4f41:0:0:0:0:1",
                        "domain qr0 ~.",
                        "revert qr0",
                        "dns qr0 100.64.0.53",
                        "domain qr0 ~corp.example");
    }
}
