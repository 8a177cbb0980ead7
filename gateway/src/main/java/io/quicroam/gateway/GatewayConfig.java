package io.quicroam.gateway;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.gateway.egress.EgressRules;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.transport.TlsGroups;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a gateway needs, read from {@code gateway.yaml}. See {@code configs/gateway.yaml} for every key.
 *
 * @param listen        UDP address the gateway listens on
 * @param template      the CONNECT-IP URI template clients use; its authority must be what they send
 * @param certFile      PEM certificate chain, or null for a self-signed one kept in {@code stateDir}
 * @param keyFile       PEM private key (PKCS#8), or null with certFile
 * @param stateDir      where a generated self-signed certificate is kept
 * @param auth          how clients are authenticated
 * @param tokensFile    bearer tokens (with {@code auth: tokens})
 * @param clientCaFile  optional: require client certificates signed by this CA (mTLS)
 * @param poolV4        IPv4 prefix sessions get a /32 from, or null for no IPv4
 * @param poolV6        IPv6 prefix sessions get a /128 from, or null for no IPv6
 * @param routes        what the gateway advertises (ROUTE_ADVERTISEMENT) and lets clients reach
 * @param egress        where uplink packets go
 * @param egressDevice  TUN device name with {@code egress: tun}
 * @param egressMtu     MTU of that device
 * @param extension     offer quicroam's session extension (bonded paths); off = plain RFC 9484 only
 * @param sessionGrace  how long a session with the extension outlives its last path
 * @param tokenLifetime how long a session token may join paths
 * @param tlsGroups     the TLS key exchange groups accepted, most preferred first ({@code tls.groups})
 * @param handshakes    what a client may cost before it authenticates: Retry and per-prefix limits
 * @param tokenOverlap  how long a session token stays valid after a join replaced it
 * @param limits        connections, sessions, paths and streams at most, and the addresses' quarantine
 * @param egressPolicy  destinations clients may not reach besides those outside the routes
 * @param listenTcp     TCP address of the HTTP/2 listener for networks that block UDP, or null for none; equal to
 *                      {@code listen}, it takes the port the QUIC socket got
 */
public record GatewayConfig(
        InetSocketAddress listen,
        UriTemplate template,
        Path certFile,
        Path keyFile,
        Path stateDir,
        Auth auth,
        Path tokensFile,
        Path clientCaFile,
        IpPrefix poolV4,
        IpPrefix poolV6,
        List<IpPrefix> routes,
        Egress egress,
        String egressDevice,
        int egressMtu,
        boolean extension,
        Duration sessionGrace,
        Duration tokenLifetime,
        TlsGroups tlsGroups,
        HandshakeLimits handshakes,
        Duration tokenOverlap,
        GatewayLimits limits,
        EgressRules egressPolicy,
        InetSocketAddress listenTcp) {

    /**
     * A replaced session token still joins for this long: an agent may have opened its next path with the old one
     * while the answer bearing the new one was on its way.
     */
    public static final Duration DEFAULT_TOKEN_OVERLAP = Duration.ofSeconds(30);

    public enum Auth {
        TOKENS,
        NONE
    }

    public enum Egress {
        TUN,
        ECHO
    }

    /**
     * Reads the gateway keys of {@code root}; the caller reads the daemon's keys ({@code metrics}, {@code logging})
     * and calls {@link ConfigMap#finish()}.
     */
    public static GatewayConfig from(ConfigMap root) throws ConfigException {
        InetSocketAddress listen = socketAddress(root, "listen", "0.0.0.0:4433");
        // The same port number over TCP unless told otherwise: a network that blocks UDP lets HTTPS through.
        InetSocketAddress listenTcp = null;
        if (!"off".equals(root.string("listen-tcp", null))) {
            try {
                listenTcp = socketAddress(root, "listen-tcp", textOf(listen));
            } catch (ConfigException e) {
                throw root.error("listen-tcp", "HOST:PORT with an IP literal, e.g. 0.0.0.0:443, or off");
            }
        }
        String templateText = root.requireString("template");
        UriTemplate template;
        try {
            template = UriTemplate.parse(templateText);
        } catch (IllegalArgumentException e) {
            throw root.error(
                    "template",
                    "an https URI template such as "
                            + "https://gateway.example:4433/.well-known/masque/ip/{target}/{ipproto}/ ("
                            + e.getMessage() + ")");
        }
        Path certFile = root.existingFile("cert-file", null);
        Path keyFile = root.existingFile("key-file", null);
        if ((certFile == null) != (keyFile == null)) {
            throw root.error(
                    certFile == null ? "cert-file" : "key-file",
                    "cert-file and key-file together (or neither, for a self-signed certificate)");
        }
        Path stateDir = root.path("state-dir", defaultStateDir());
        Auth auth = root.choice("auth", Auth.class, Auth.TOKENS);
        Path tokensFile = root.existingFile("tokens-file", null);
        if (auth == Auth.TOKENS && tokensFile == null) {
            throw root.error(
                    "tokens-file",
                    "a tokens file (lines 'CLIENT-NAME TOKEN'); "
                            + "to run without authentication write 'auth: none' explicitly");
        }
        Path clientCaFile = root.existingFile("client-ca-file", null);
        ConfigMap pool = root.mapOrEmpty("pool");
        IpPrefix poolV4 = prefix(pool, "ipv4", "100.64.0.0/16", 4);
        IpPrefix poolV6 = prefix(pool, "ipv6", "fd7a:5152:4f41::/64", 6);
        pool.finish();
        if (poolV4 == null && poolV6 == null) {
            throw root.error("pool", "at least one of pool.ipv4 and pool.ipv6");
        }
        List<IpPrefix> routes = new ArrayList<>();
        List<String> routeTexts = root.has("routes") ? root.stringList("routes") : List.of("0.0.0.0/0", "::/0");
        for (String text : routeTexts) {
            try {
                routes.add(IpPrefix.parse(text));
            } catch (IllegalArgumentException e) {
                throw root.error(
                        "routes", "a list of prefixes such as 0.0.0.0/0 or 2001:db8::/32 (" + e.getMessage() + ")");
            }
        }
        Egress egress = root.choice("egress", Egress.class, Egress.ECHO);
        String egressDevice = root.string("egress-device", "qrgw0");
        if (egressDevice.length() > 15 || !egressDevice.matches("[A-Za-z0-9_.-]+")) {
            throw root.error("egress-device", "a Linux interface name: at most 15 letters, digits, '_', '.', '-'");
        }
        int egressMtu = root.integer("egress-mtu", 1500, 1280, 65535);
        ConfigMap sessions = root.mapOrEmpty("sessions");
        boolean extension = sessions.bool("extension", true);
        Duration grace = sessions.duration("grace", Duration.ofSeconds(10), Duration.ZERO, Duration.ofHours(1));
        Duration tokenLifetime =
                sessions.duration("token-lifetime", Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(30));
        Duration tokenOverlap =
                sessions.duration("token-overlap", DEFAULT_TOKEN_OVERLAP, Duration.ZERO, Duration.ofMinutes(10));
        sessions.finish();
        ConfigMap tls = root.mapOrEmpty("tls");
        TlsGroups groups = new TlsGroups(tls.choiceList("groups", TlsGroups.KNOWN, TlsGroups.DEFAULT.names()));
        tls.finish();
        HandshakeLimits handshakes = HandshakeLimits.from(root);
        GatewayLimits limits = GatewayLimits.from(root);
        EgressRules egressPolicy = EgressRules.from(root);
        return new GatewayConfig(
                listen,
                template,
                certFile,
                keyFile,
                stateDir,
                auth,
                tokensFile,
                clientCaFile,
                poolV4,
                poolV6,
                List.copyOf(routes),
                egress,
                egressDevice,
                egressMtu,
                extension,
                grace,
                tokenLifetime,
                groups,
                handshakes,
                tokenOverlap,
                limits,
                egressPolicy,
                listenTcp);
    }

    private static String textOf(InetSocketAddress address) {
        String host = IpAddresses.format(address.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    static Path defaultStateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("quicroam");
    }

    static InetSocketAddress socketAddress(ConfigMap map, String key, String def) throws ConfigException {
        String text = map.string(key, def);
        int colon = text.lastIndexOf(':');
        String expected = "HOST:PORT with an IP literal, e.g. 0.0.0.0:4433 or [::]:4433";
        if (colon <= 0) {
            throw map.error(key, expected);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw map.error(key, expected + " (port 0..65535)");
            }
            return new InetSocketAddress(literal(text.substring(0, colon)), port);
        } catch (IllegalArgumentException e) {
            throw map.error(key, expected);
        }
    }

    /** An IP literal, IPv6 in brackets; never a host name (no DNS lookups from configuration). */
    private static InetAddress literal(String text) {
        boolean bracketed = text.startsWith("[") && text.endsWith("]");
        return IpAddresses.parse(bracketed ? text.substring(1, text.length() - 1) : text);
    }

    private static IpPrefix prefix(ConfigMap map, String key, String def, int version) throws ConfigException {
        String text = map.string(key, def);
        if (text == null || text.equals("none")) {
            return null;
        }
        try {
            IpPrefix prefix = IpPrefix.parse(text);
            if (prefix.ipVersion() != version) {
                throw map.error(key, "an IPv" + version + " prefix");
            }
            return prefix;
        } catch (IllegalArgumentException e) {
            throw map.error(
                    key, "an IPv" + version + " prefix such as " + def + ", or 'none' (" + e.getMessage() + ")");
        }
    }
}
