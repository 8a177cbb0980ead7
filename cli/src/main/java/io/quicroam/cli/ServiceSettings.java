package io.quicroam.cli;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.masque.ip.IpAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What agent and gateway daemons share in their YAML: the Prometheus endpoint ({@code metrics.listen}, off unless
 * given, loopback only) and the log level ({@code logging.level}).
 *
 * @param metricsListen where to serve {@code /metrics}, or null for no endpoint
 * @param logLevel      the root log level
 */
record ServiceSettings(InetSocketAddress metricsListen, LogLevel logLevel) {
    static final String METRICS_EXPECTED = "a loopback address and port such as 127.0.0.1:9464 or [::1]:9464 "
            + "(the endpoint has no authentication, so it is never served to the network)";

    static ServiceSettings from(ConfigMap root) throws ConfigException {
        ConfigMap metrics = root.mapOrEmpty("metrics");
        InetSocketAddress listen = metrics.has("listen") ? loopback(metrics, "listen") : null;
        metrics.finish();
        ConfigMap logging = root.mapOrEmpty("logging");
        LogLevel level = logging.choice("level", LogLevel.class, LogLevel.INFO);
        logging.finish();
        return new ServiceSettings(listen, level);
    }

    private static InetSocketAddress loopback(ConfigMap map, String key) throws ConfigException {
        String text = map.string(key, null).trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || !text.substring(colon + 1).matches("\\d{1,5}")) {
            throw map.error(key, METRICS_EXPECTED);
        }
        String host = text.substring(0, colon);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        InetAddress address;
        try {
            address = IpAddresses.parse(bracketed ? host.substring(1, host.length() - 1) : host);
        } catch (IllegalArgumentException e) {
            throw map.error(key, METRICS_EXPECTED);
        }
        int port = Integer.parseInt(text.substring(colon + 1));
        if (!address.isLoopbackAddress() || port > 65535 || (address.getAddress().length == 16 && !bracketed)) {
            throw map.error(key, METRICS_EXPECTED);
        }
        return new InetSocketAddress(address, port);
    }
}
