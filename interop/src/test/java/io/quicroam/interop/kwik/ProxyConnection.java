package io.quicroam.interop.kwik;

import io.quicroam.masque.ConnectIpRequestValidator;
import io.quicroam.masque.ConnectIpRequestValidator.Validation;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.RouteAdvertisement;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;
import tech.kwik.core.QuicConnection;
import tech.kwik.flupke.HttpStream;
import tech.kwik.flupke.server.Http3ServerExtension;

/**
 * One QUIC connection at the Kwik proxy: Flupke hands it the extended CONNECT requests for {@code connect-ip}, Kwik
 * its DATAGRAM frames, which it routes to the request they name by Quarter Stream ID (RFC 9297 §2.1).
 */
final class ProxyConnection implements Http3ServerExtension {
    private final QuicConnection quic;
    private final ConnectIpRequestValidator validator;
    private final AddressAssign addresses;
    private final RouteAdvertisement routes;
    private final ProxyCounters counters;
    private final ExecutorService streams;
    private final ProxyOptions options;
    private final Set<ProxyTunnel> tunnels;
    private final Map<Long, ProxyTunnel> byQuarterStreamId = new ConcurrentHashMap<>();

    ProxyConnection(
            QuicConnection quic,
            ConnectIpRequestValidator validator,
            AddressAssign addresses,
            RouteAdvertisement routes,
            ProxyCounters counters,
            ExecutorService streams,
            ProxyOptions options,
            Set<ProxyTunnel> tunnels) {
        this.quic = quic;
        this.validator = validator;
        this.addresses = addresses;
        this.routes = routes;
        this.counters = counters;
        this.streams = streams;
        this.options = options;
        this.tunnels = tunnels;
        quic.setDatagramHandler(this::onDatagram);
        quic.setConnectionListener(counters::connectionEnded);
    }

    /**
     * Flupke passes the pseudo-headers it parsed separately and neither {@code :method} (CONNECT, or we would not be
     * here) nor {@code :scheme}; quicroam's validator checks the rest as any RFC 9484 proxy must (§4.4-§4.6).
     */
    @Override
    public void handleExtendedConnect(
            HttpHeaders headers,
            String protocol,
            String authority,
            String pathAndQuery,
            IntConsumer status,
            HttpStream stream) {
        Map<String, String> pseudo = Map.of(
                ":method",
                "CONNECT",
                ":protocol",
                protocol,
                ":scheme",
                "https",
                ":authority",
                authority,
                ":path",
                pathAndQuery);
        Validation validation = validator.validate(name -> pseudo.containsKey(name)
                ? pseudo.get(name)
                : headers.firstValue(name).orElse(null));
        if (validation instanceof Validation.Rejected rejected) {
            counters.refused.incrementAndGet();
            status.accept(rejected.status());
            return;
        }
        // Flupke 0.9.4 answers an extended CONNECT with :status alone: no capsule-protocol (RFC 9297 §3.4, a SHOULD).
        if (options.interimResponse()) {
            // RFC 9114 §4.1: any number of interim responses may come before the final one
            RawResponse.send(stream, RawResponse.EARLY_HINTS, Map.of());
        }
        if (options.contentTypeOn2xx()) {
            // RFC 9297 §3.2: a 2xx with content headers cannot start the Capsule Protocol (malformed)
            RawResponse.send(stream, 200, Map.of("content-type", "text/plain"));
            counters.sessions.incrementAndGet();
            return;
        }
        status.accept(200);
        counters.sessions.incrementAndGet();
        ProxyTunnel tunnel = new ProxyTunnel(quic, stream, counters, options, addresses);
        long quarter = HttpDatagram.quarterStreamId(tunnel.streamId());
        byQuarterStreamId.put(quarter, tunnel);
        tunnels.add(tunnel);
        streams.execute(() -> {
            try {
                tunnel.assign(routes);
                tunnel.readCapsules();
            } catch (IOException e) {
                counters.streamErrors.incrementAndGet();
            } finally {
                byQuarterStreamId.remove(quarter);
                tunnels.remove(tunnel);
                tunnel.close();
            }
        });
    }

    private void onDatagram(byte[] datagram) {
        H3Datagrams.Received received = H3Datagrams.parse(datagram);
        if (received.badQuarterStreamId()) {
            // RFC 9297 §2.1: a connection error of type H3_DATAGRAM_ERROR.
            quic.close(H3Error.H3_DATAGRAM_ERROR.code(), "malformed quarter stream ID");
            return;
        }
        ProxyTunnel tunnel = byQuarterStreamId.get(received.quarterStreamId());
        if (tunnel == null || received.truncated() || received.contextId() != HttpDatagram.IP_PACKET_CONTEXT_ID) {
            // RFC 9297 §2.1 (no such request) and RFC 9484 §6 (unknown context): dropped; counted here.
            counters.unknownDatagrams.incrementAndGet();
            return;
        }
        tunnel.uplink(received.payload());
    }
}
