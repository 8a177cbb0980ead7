package io.quicroam.agent;

import io.netty.channel.EventLoopGroup;
import io.quicroam.testkit.LocalGateway;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens CONNECT-IP sessions on a gateway from {@code threads} clients at once, each a real QUIC connection from a
 * {@link RawConnectIp}, the way a crowd (or a flood from one site) arrives: every thread opens its next session as
 * soon as its last one is answered. A handshake the gateway does not complete within 5 s, or a request it refuses,
 * is a failure; what was opened stays open for the caller to use and close.
 */
final class SessionBurst {
    private SessionBurst() {}

    /** A session the gateway accepted: its client and the open request stream. */
    record Opened(RawConnectIp client, RawConnectIp.Answer answer) {}

    /**
     * @param opened         the accepted sessions (200), in no particular order
     * @param noHandshake    connections whose QUIC handshake did not complete
     * @param refusedRequest connections whose CONNECT-IP request got another status than 200
     * @param seconds        from the first connection attempt to the last answer
     */
    record Outcome(List<Opened> opened, int noHandshake, int refusedRequest, double seconds) {
        int failed() {
            return noHandshake + refusedRequest;
        }

        /** Handshakes and requests completed per second (failed attempts take time but are not counted). */
        double openedPerSecond() {
            return opened.size() / seconds;
        }

        void closeAll() throws InterruptedException {
            for (Opened session : opened) {
                session.client().close();
            }
        }
    }

    /** Opens {@code sessions} sessions from {@code from}, {@code threads} at a time, on the clients' {@code group}. */
    static Outcome open(LocalGateway gateway, EventLoopGroup group, InetAddress from, int sessions, int threads)
            throws InterruptedException {
        List<Opened> opened = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger noHandshake = new AtomicInteger();
        AtomicInteger refusedRequest = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    while (next.getAndIncrement() < sessions) {
                        RawConnectIp client;
                        try {
                            client = new RawConnectIp(gateway, group, from);
                        } catch (Exception e) {
                            noHandshake.incrementAndGet();
                            continue;
                        }
                        try {
                            RawConnectIp.Answer answer = client.request();
                            if (answer.status() == 200) {
                                opened.add(new Opened(client, answer));
                                continue;
                            }
                            refusedRequest.incrementAndGet();
                            client.close();
                        } catch (Exception e) {
                            refusedRequest.incrementAndGet();
                            closeQuietly(client);
                        }
                    }
                });
            }
        } finally {
            pool.shutdown();
            if (!pool.awaitTermination(5L * sessions + 30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Outcome(List.copyOf(opened), noHandshake.get(), refusedRequest.get(), seconds);
    }

    private static void closeQuietly(RawConnectIp client) {
        try {
            client.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
