package io.quicroam.agent;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network in front of a proxy that does not follow a migration: it relays each client socket's datagrams to the
 * proxy from a socket of its own, but passes the proxy's answers back only to the first client socket it saw (the
 * standby interface's light connection); a connection moved onto this network later hears nothing back, as if the
 * proxy kept sending to the old address. Threads: one per relayed socket, daemons, ended by {@link #close}.
 */
final class NotFollowingRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final InetSocketAddress proxy;
    private final Map<InetSocketAddress, DatagramSocket> upstreams = new ConcurrentHashMap<>();
    private volatile InetSocketAddress followed;

    NotFollowingRelay(InetSocketAddress proxy) throws SocketException {
        this.proxy = proxy;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        start("relay-front", this::forwardUp);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    private void forwardUp() {
        byte[] buffer = new byte[65536];
        while (!front.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                front.receive(packet);
                InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
                if (followed == null) {
                    followed = client;
                }
                DatagramSocket upstream = upstreams.computeIfAbsent(client, this::open);
                upstream.send(new DatagramPacket(packet.getData(), packet.getLength(), proxy));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private DatagramSocket open(InetSocketAddress client) {
        try {
            DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            start("relay-down", () -> forwardDown(upstream, client));
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
                if (client.equals(followed)) {
                    front.send(new DatagramPacket(packet.getData(), packet.getLength(), client));
                }
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
