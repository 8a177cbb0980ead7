package io.quicroam.agent;

import io.quicroam.linux.CommandResult;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the tunnel link's name servers and routing domains to systemd-resolved ({@code resolvectl dns DEV ...},
 * {@code resolvectl domain DEV ...}) and reverts them ({@code resolvectl revert DEV}) on close. Without resolvectl,
 * or when it fails, DNS is left as it is and one log line says so: the tunnel itself works either way.
 * Server addresses are logged only at DEBUG (privacy).
 */
final class DnsConfigurator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DnsConfigurator.class);

    private final SystemCommands commands;
    private DnsConfig config;
    private String appliedTo;

    DnsConfigurator(DnsConfig config, SystemCommands commands) {
        this.config = config;
        this.commands = commands;
    }

    /** Sets the servers on {@code device} unless that was done already; the device must exist. */
    synchronized void apply(String device) {
        if (!config.enabled() || device.equals(appliedTo)) {
            return;
        }
        Optional<Path> resolvectl = commands.find("resolvectl");
        if (resolvectl.isEmpty()) {
            log.warn(
                    "dns: {} name server(s) configured, but resolvectl (systemd-resolved) is not installed: DNS is "
                            + "left as it is; set the servers from agent.yaml's dns: in /etc/resolv.conf yourself",
                    config.servers().size());
            appliedTo = device; // said once; nothing to revert
            return;
        }
        List<String> dns = new ArrayList<>(List.of(resolvectl.get().toString(), "dns", device));
        config.servers().stream().map(InetAddress::getHostAddress).forEach(dns::add);
        List<String> domain = new ArrayList<>(List.of(resolvectl.get().toString(), "domain", device));
        domain.addAll(config.domains());
        log.debug("dns: {} and {}", dns, domain);
        if (run(dns) && run(domain)) {
            log.info(
                    "dns: {} name server(s) and {} domain(s) set on {} through systemd-resolved",
                    config.servers().size(),
                    config.domains().size(),
                    device);
        }
        appliedTo = device; // even after a failure: revert whatever part was set
    }

    /** New servers: reverts the old ones and sets these on the same device (configuration reload). */
    synchronized void reconfigure(DnsConfig newConfig) {
        if (newConfig.equals(config)) {
            return;
        }
        String device = appliedTo;
        close();
        config = newConfig;
        if (device != null) {
            apply(device);
        }
    }

    private boolean run(List<String> argv) {
        try {
            CommandResult result = commands.run(argv);
            if (!result.succeeded()) {
                log.warn(
                        "dns: resolvectl {} failed (exit status {}): {}; DNS is left as it is",
                        argv.get(1),
                        result.exitCode(),
                        firstLine(result.stderr().isEmpty() ? result.stdout() : result.stderr()));
            }
            return result.succeeded();
        } catch (IOException e) {
            log.warn("dns: cannot run resolvectl {}: {}; DNS is left as it is", argv.get(1), e.getMessage());
            return false;
        }
    }

    private static String firstLine(String output) {
        String trimmed = output.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }

    /** Gives the link's DNS settings back to what they were (systemd-resolved forgets ours). */
    @Override
    public synchronized void close() {
        String device = appliedTo;
        appliedTo = null;
        if (device == null) {
            return;
        }
        commands.find("resolvectl").ifPresent(resolvectl -> run(List.of(resolvectl.toString(), "revert", device)));
    }
}
