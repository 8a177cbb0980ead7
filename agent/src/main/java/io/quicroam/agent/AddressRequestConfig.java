package io.quicroam.agent;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import java.time.Duration;

/**
 * When the agent asks the proxy for addresses with ADDRESS_REQUEST (RFC 9484 §4.7.2; {@code server.address-request}
 * and {@code server.address-wait} in agent.yaml). RFC 9484 §4.7.1 expects an endpoint that wants an address to ask,
 * and some proxies assign only when asked; others close the stream on an ADDRESS_REQUEST. {@code auto} serves both:
 * it waits {@code assignWait} after the 2xx for an unprompted ADDRESS_ASSIGN and asks only when none came.
 */
public record AddressRequestConfig(Mode mode, Duration assignWait) {
    /** Ask only when nothing was assigned within half a second of the 2xx. */
    public static final AddressRequestConfig DEFAULT = new AddressRequestConfig(Mode.AUTO, Duration.ofMillis(500));

    /** When to send the ADDRESS_REQUEST. */
    public enum Mode {
        /** When no ADDRESS_ASSIGN arrived within {@code assignWait} of the 2xx. */
        AUTO,
        /** Right after the 2xx. */
        ALWAYS,
        /** Never: wait for an unprompted assignment. */
        NEVER
    }

    static AddressRequestConfig from(ConfigMap server) throws ConfigException {
        return new AddressRequestConfig(
                server.choice("address-request", Mode.class, DEFAULT.mode()),
                server.duration("address-wait", DEFAULT.assignWait(), Duration.ZERO, Duration.ofSeconds(10)));
    }
}
