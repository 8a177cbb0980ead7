package io.quicroam.agent;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.masque.ip.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Name servers for the tunnel link ({@code dns:} in agent.yaml), handed to systemd-resolved while the agent runs.
 *
 * @param servers name servers reached through the tunnel; empty: the agent leaves DNS alone
 * @param domains routing domains for the link: {@code ~.} sends every query there; {@code ~corp.example} only those
 *                names; a plain {@code corp.example} is also a search domain
 */
public record DnsConfig(List<InetAddress> servers, List<String> domains) {
    /** Leave DNS alone. */
    public static final DnsConfig NONE = new DnsConfig(List.of(), List.of());

    /** The routing domain that sends every query to the link's servers. */
    static final String ALL_QUERIES = "~.";

    public DnsConfig {
        servers = List.copyOf(servers);
        domains = List.copyOf(domains);
    }

    public boolean enabled() {
        return !servers.isEmpty();
    }

    static DnsConfig from(ConfigMap dns) throws ConfigException {
        List<InetAddress> servers = new ArrayList<>();
        for (String text : dns.stringList("servers")) {
            try {
                servers.add(IpAddresses.parse(text.trim()));
            } catch (IllegalArgumentException e) {
                throw dns.error(
                        "servers",
                        "a list of IP address literals such as 100.64.0.1 or fd7a:5152:4f41::1 " + "(entry '" + text
                                + "' is not one)");
            }
        }
        List<String> domains = dns.has("domains") ? dns.stringList("domains") : List.of(ALL_QUERIES);
        for (String domain : domains) {
            // systemd-resolved's syntax: "~." or an optional '~' and a DNS name (RFC 1035 §2.3.1 letters, digits, '-').
            if (!domain.equals(ALL_QUERIES)
                    && !domain.matches("~?([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?)+")) {
                throw dns.error(
                        "domains",
                        "a list of domains such as '~.' (every query), '~corp.example' or " + "'corp.example' (entry '"
                                + domain + "' is not one)");
            }
        }
        if (servers.isEmpty() && dns.has("domains")) {
            throw dns.error("domains", "dns.servers to send these domains' queries to (domains alone do nothing)");
        }
        dns.finish();
        return servers.isEmpty() ? NONE : new DnsConfig(servers, domains);
    }
}
