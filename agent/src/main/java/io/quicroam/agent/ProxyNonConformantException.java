package io.quicroam.agent;

/**
 * The proxy broke a rule of RFC 9484 / RFC 9297 / RFC 9220 that the tunnel depends on (no extended CONNECT in its
 * SETTINGS, a 2xx that cannot start the Capsule Protocol): the path fails with the reason, which names no address.
 */
public final class ProxyNonConformantException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProxyNonConformantException(String reason) {
        super(reason);
    }
}
