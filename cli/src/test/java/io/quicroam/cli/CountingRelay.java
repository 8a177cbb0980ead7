package io.quicroam.cli;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on loopback between an agent's path and the gateway that counts the datagrams the agent sends: what
 * the path puts on the wire, whatever QUIC encrypts inside. Each client address gets an upstream socket of its own.
 */
final class CountingRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final InetSocketAddress gateway;
    private final Map<InetSocketAddress, DatagramSocket> upstreams = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();

    CountingRelay(InetSocketAddress gateway) throws SocketException {
        this.gateway = gateway;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        start("counting-relay-up", this::forwardUp);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** Datagrams the agent sent through the relay so far. */
    long sent() {
        return sent.get();
    }

    private void forwardUp() {
        byte[] buffer = new byte[65536];
        while (!front.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                front.receive(packet);
                sent.incrementAndGet();
                InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
                upstreams
                        .computeIfAbsent(client, this::open)
                        .send(new DatagramPacket(packet.getData(), packet.getLength(), gateway));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private DatagramSocket open(InetSocketAddress client) {
        try {
            DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            start("counting-relay-down", () -> forwardDown(upstream, client));
            return upstream;
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private void forwardDown(DatagramSocket upstream, InetSocketAddress client) {
        byte[] buffer = new byte[65536];
        while (!upstream.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                upstream.receive(packet);
                front.send(new DatagramPacket(packet.getData(), packet.getLength(), client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void start(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        front.close();
        upstreams.values().forEach(DatagramSocket::close);
    }
}
