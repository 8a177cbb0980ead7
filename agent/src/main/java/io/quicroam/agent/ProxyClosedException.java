package io.quicroam.agent;

import java.io.IOException;

/**
 * The proxy ended an opening path's QUIC connection before it answered the request (RFC 9000 §10.2: CONNECTION_CLOSE,
 * e.g. a connection quota's CONNECTION_REFUSED), or the connection ended without a word. The message names the error
 * code, never an address.
 */
final class ProxyClosedException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Closed by the proxy with {@code error}, a transport or (when {@code application}) an application error code. */
    ProxyClosedException(boolean application, long error) {
        super("the proxy closed the connection (" + (application ? "application" : "transport") + " error 0x"
                + Long.toHexString(error) + ")");
    }

    /** The connection ended before the answer, and the proxy said nothing. */
    ProxyClosedException() {
        super("the connection ended before the proxy answered");
    }
}
