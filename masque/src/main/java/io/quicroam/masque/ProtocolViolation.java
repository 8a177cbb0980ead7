package io.quicroam.masque;

import java.util.Objects;

/**
 * A peer broke a protocol rule: the HTTP/3 error the RFC says to raise, and a human reason.
 *
 * <p>Reasons name the rule and the field, never a token or an address, so they are safe to log.
 */
public class ProtocolViolation extends Exception {

    private final H3Error error;
    private final String reason;

    public ProtocolViolation(H3Error error, String reason) {
        super(Objects.requireNonNull(error, "error") + ": " + Objects.requireNonNull(reason, "reason"));
        this.error = error;
        this.reason = reason;
    }

    /** The error code to raise. */
    public H3Error error() {
        return error;
    }

    /** Which rule was broken, in words. */
    public String reason() {
        return reason;
    }
}
