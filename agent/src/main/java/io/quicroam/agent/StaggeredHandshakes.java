package io.quicroam.agent;

import io.quicroam.pathmanager.time.TimeSource;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A QUIC open attempt that, in an outage ({@link OutageOpens}), starts a fresh handshake every {@link #STAGGER}, up to
 * {@link #LEGS}, each from a socket of its own. One handshake sends its Initial again only after its first PTO, about
 * a second at quiche's 333 ms initial RTT (RFC 9002 §6.2.2, doubling after), so a network that returned just after
 * an Initial went out was heard up to a second later (silent-both: traffic resumed 440-600 ms after the networks'
 * return); with the legs the next Initial is at most {@link #STAGGER} away. The first leg through its handshake and
 * the proxy's SETTINGS sends the request and gives the others up ({@link RaceRequests}); no more start after it.
 * Outside an outage an attempt is one handshake, as before.
 */
final class StaggeredHandshakes {
    /** In an outage, how long after one handshake the next starts. */
    static final Duration STAGGER = Duration.ofMillis(100);
    /**
     * How many handshakes one attempt may start: ten cover its first second, and each resends its Initial about a
     * second after it began, so Initials keep {@link #STAGGER} apart until the attempt's open timeout (2 s). About ten
     * Initials of 1 200 bytes a second per interface, for the first {@link OutageOpens#FAST} of an outage.
     */
    static final int LEGS = 10;

    private final ConnectIpClient quic;
    private final TimeSource time;

    StaggeredHandshakes(ConnectIpClient quic, TimeSource time) {
        this.quic = quic;
        this.time = time;
    }

    /**
     * Opens a path over QUIC; a later leg starts only while {@code outage} says so. Failing the returned future gives
     * every leg up. A leg's failure fails the attempt when no other leg is under way (a refusal, a socket error: what
     * one handshake would have failed with, at once).
     */
    CompletableFuture<TunnelPath> open(
            InetSocketAddress local,
            String device,
            InetSocketAddress remote,
            Map<String, String> headers,
            TunnelPath.Listener listener,
            BooleanSupplier outage) {
        CompletableFuture<TunnelPath> result = new CompletableFuture<>();
        RaceRequests requests = new RaceRequests(true);
        AtomicInteger underWay = new AtomicInteger();
        Runnable leg = () -> {
            if (result.isDone() || requests.decided()) {
                return;
            }
            RaceLeg gate = new RaceLeg(listener, requests);
            underWay.incrementAndGet();
            CompletableFuture<TunnelPath> attempt = quic.open(local, device, remote, headers, gate);
            if (!requests.started(attempt)) {
                attempt.completeExceptionally(new RaceRequests.RaceLost()); // another leg got ready meanwhile
            }
            gate.take(attempt, result, failure -> {
                if (underWay.decrementAndGet() == 0 && !(failure instanceof RaceRequests.RaceLost)) {
                    result.completeExceptionally(failure);
                }
            });
        };
        leg.run();
        for (int i = 1; i < LEGS; i++) {
            time.schedule(STAGGER.multipliedBy(i), () -> {
                if (outage.getAsBoolean()) {
                    leg.run();
                }
            });
        }
        return result;
    }
}
