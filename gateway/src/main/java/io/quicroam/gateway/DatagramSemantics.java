package io.quicroam.gateway;

import io.netty.handler.codec.http3.Http3Headers;
import io.quicroam.masque.ConnectIpRequest;

/**
 * Whether a request defines HTTP Datagrams (RFC 9297 §2.1: only a request whose method or upgrade token says so;
 * GET and POST do not). The gateway knows one: extended CONNECT with {@code :protocol connect-ip} (RFC 9484 §6).
 */
final class DatagramSemantics {
    private DatagramSemantics() {}

    static boolean defined(Http3Headers headers) {
        CharSequence method = headers.method();
        CharSequence protocol = headers.protocol();
        return method != null
                && "CONNECT".contentEquals(method)
                && protocol != null
                && ConnectIpRequest.PROTOCOL.contentEquals(protocol);
    }
}
