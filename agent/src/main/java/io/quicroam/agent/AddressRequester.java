package io.quicroam.agent;

import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RequestedAddress;
import io.quicroam.masque.ip.IpAddresses;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, for one request stream, whether and when to send ADDRESS_REQUEST (RFC 9484 §4.7.2), as
 * {@link AddressRequestConfig} says, and logs which happened (without addresses). The request asks for one address
 * of each family with no preference: the all-zero address, and the maximum prefix length for a single address.
 *
 * <p>Threads: the stream's event loop; the delay runs its task there too.
 */
final class AddressRequester {
    private static final Logger log = LoggerFactory.getLogger(AddressRequester.class);

    /** Runs a task after a delay (the stream's event loop in production, a test's hand otherwise). */
    @FunctionalInterface
    interface Delay {
        void after(Duration delay, Runnable task);
    }

    /** Request IDs of this stream's only request; RFC 9484 §4.7.2: non-zero, never reused on the stream. */
    static final long IPV4_REQUEST_ID = 1;

    static final long IPV6_REQUEST_ID = 2;

    private final AddressRequestConfig config;
    private final Delay delay;
    private final Consumer<AddressRequest> send;
    private boolean assigned;
    private boolean asked;

    AddressRequester(AddressRequestConfig config, Delay delay, Consumer<AddressRequest> send) {
        this.config = config;
        this.delay = delay;
        this.send = send;
    }

    /** The proxy accepted the request (2xx): ask now, after the wait, or never. */
    void established() {
        switch (config.mode()) {
            case ALWAYS -> ask("server.address-request: always");
            case AUTO ->
                delay.after(config.assignWait(), () -> {
                    if (!assigned) {
                        ask("no ADDRESS_ASSIGN within " + config.assignWait().toMillis() + " ms of the 2xx");
                    }
                });
            case NEVER -> log.info("waiting for the proxy to assign addresses unasked (server.address-request: never)");
        }
    }

    /** An ADDRESS_ASSIGN arrived: in {@code auto} mode, no request is needed any more. */
    void assigned(AddressAssign assign) {
        if (!assigned && !asked && !assign.addresses().isEmpty()) {
            log.info("the proxy assigned addresses unasked; no ADDRESS_REQUEST sent");
        }
        assigned = true;
    }

    boolean asked() {
        return asked;
    }

    private void ask(String why) {
        if (asked) {
            return;
        }
        asked = true;
        log.info("asking the proxy for addresses with ADDRESS_REQUEST ({})", why);
        send.accept(request());
    }

    /** One address of each family, no preference (RFC 9484 §4.7.2: an all-zero address asks for any). */
    static AddressRequest request() {
        return new AddressRequest(List.of(
                new RequestedAddress(IPV4_REQUEST_ID, anyAddress(4)),
                new RequestedAddress(IPV6_REQUEST_ID, anyAddress(6))));
    }

    private static IpPrefix anyAddress(int ipVersion) {
        int bits = IpAddresses.bits(ipVersion);
        return new IpPrefix(IpAddresses.fromBytes(new byte[bits / 8]), bits);
    }
}
