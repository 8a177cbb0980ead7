package io.quicroam.interop.kwik;

/**
 * How the Kwik proxy behaves. {@link #DEFAULT} is a plain RFC 9484 proxy that assigns unasked; each option makes it
 * behave as some other implementation does, so the agent's tests meet those behaviours (a strict peer profile).
 *
 * @param assignOnlyOnRequest no ADDRESS_ASSIGN until the client sends ADDRESS_REQUEST, then one answering each
 *     Requested Address with its Request ID (RFC 9484 §4.7.2)
 * @param closeOnAddressRequest reset the request stream on an ADDRESS_REQUEST (as some deployed proxies do)
 * @param quicDatagrams enable QUIC DATAGRAM frames (RFC 9221); without them every datagram goes as a DATAGRAM capsule
 *     (RFC 9297 §3.5) both ways
 * @param h3Datagram SETTINGS_H3_DATAGRAM = 1 (RFC 9297 §2.1.1); false sends 0: the proxy takes no HTTP Datagrams in
 *     QUIC DATAGRAM frames, only DATAGRAM capsules, though it still sends its own as QUIC datagrams
 * @param datagramCapsules send downlink packets as DATAGRAM capsules even though QUIC datagrams are on
 * @param interimResponse send a 1xx (103) before the 2xx (RFC 9114 §4.1)
 * @param extendedConnect SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 9220 §3); false sends 0, as a plain HTTP/3 server
 * @param contentTypeOn2xx answer with a 200 carrying content-type, which RFC 9297 §3.2 forbids, and nothing more
 */
public record ProxyOptions(
        boolean assignOnlyOnRequest,
        boolean closeOnAddressRequest,
        boolean quicDatagrams,
        boolean h3Datagram,
        boolean datagramCapsules,
        boolean interimResponse,
        boolean extendedConnect,
        boolean contentTypeOn2xx) {
    public static final ProxyOptions DEFAULT = new ProxyOptions(false, false, true, true, false, false, true, false);

    public ProxyOptions assigningOnlyOnRequest() {
        return new ProxyOptions(
                true,
                closeOnAddressRequest,
                quicDatagrams,
                h3Datagram,
                datagramCapsules,
                interimResponse,
                extendedConnect,
                contentTypeOn2xx);
    }

    public ProxyOptions closingOnAddressRequest() {
        return new ProxyOptions(
                assignOnlyOnRequest,
                true,
                quicDatagrams,
                h3Datagram,
                datagramCapsules,
                interimResponse,
                extendedConnect,
                contentTypeOn2xx);
    }

    public ProxyOptions withoutQuicDatagrams() {
        return new ProxyOptions(
                assignOnlyOnRequest,
                closeOnAddressRequest,
                false,
                h3Datagram,
                datagramCapsules,
                interimResponse,
                extendedConnect,
                contentTypeOn2xx);
    }

    public ProxyOptions withoutH3Datagram() {
        return new ProxyOptions(
                assignOnlyOnRequest,
                closeOnAddressRequest,
                quicDatagrams,
                false,
                datagramCapsules,
                interimResponse,
                extendedConnect,
                contentTypeOn2xx);
    }

    public ProxyOptions sendingDatagramCapsules() {
        return new ProxyOptions(
                assignOnlyOnRequest,
                closeOnAddressRequest,
                quicDatagrams,
                h3Datagram,
                true,
                interimResponse,
                extendedConnect,
                contentTypeOn2xx);
    }

    public ProxyOptions withInterimResponse() {
        return new ProxyOptions(
                assignOnlyOnRequest,
                closeOnAddressRequest,
                quicDatagrams,
                h3Datagram,
                datagramCapsules,
                true,
                extendedConnect,
                contentTypeOn2xx);
    }

    public ProxyOptions withoutExtendedConnect() {
        return new ProxyOptions(
                assignOnlyOnRequest,
                closeOnAddressRequest,
                quicDatagrams,
                h3Datagram,
                datagramCapsules,
                interimResponse,
                false,
                contentTypeOn2xx);
    }

    public ProxyOptions withContentTypeOn2xx() {
        return new ProxyOptions(
                assignOnlyOnRequest,
                closeOnAddressRequest,
                quicDatagrams,
                h3Datagram,
                datagramCapsules,
                interimResponse,
                extendedConnect,
                true);
    }

    /** Whether downlink datagrams go as capsules on the request stream. */
    boolean downlinkAsCapsules() {
        return datagramCapsules || !quicDatagrams;
    }
}
