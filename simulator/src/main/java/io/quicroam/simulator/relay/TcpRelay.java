package io.quicroam.simulator.relay;

import io.quicroam.simulator.link.AppliedAction;
import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.link.LinkListener;
import io.quicroam.simulator.link.LinkState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP side of one relayed link, so that an agent's HTTP/2 path (TCP, TLS) crosses the link too: it accepts on the
 * link's near address (the port number of its UDP socket: the agent sends both transports to one address) and
 * connects each connection on to the gateway's TCP listener from the link's current far address, so the gateway sees
 * the link's peer. It follows the link's state, not its loss, rate or delay: TCP would hide the loss, and the links
 * of the shipped scenarios that carry HTTP/2 are the fast ones. Down resets every connection and refuses new ones (the
 * interface is gone); a blackhole holds the bytes until the link is up again, as a silent network stalls a TCP
 * connection without ending it; {@code block-udp} leaves TCP alone, as the firewalls it stands for do. Two threads per
 * connection (a path has one) and one to accept.
 */
final class TcpRelay implements LinkListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpRelay.class);
    private static final int BUFFER = 16 * 1024;

    private final String linkName;
    private final ServerSocket listener;
    private final InetSocketAddress gateway;
    private final Supplier<InetAddress> farAddress;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Object stateLock = new Object();
    private final AtomicLong bytesUp = new AtomicLong();
    private final AtomicLong bytesDown = new AtomicLong();
    private volatile LinkState state = LinkState.UP;
    private volatile boolean closed;

    /**
     * @param listener   bound to the link's near address, not yet accepting
     * @param farAddress the address the gateway sees the link's traffic from now (it changes with a NAT rebind)
     */
    TcpRelay(String linkName, ServerSocket listener, InetSocketAddress gateway, Supplier<InetAddress> farAddress) {
        this.linkName = linkName;
        this.listener = listener;
        this.gateway = gateway;
        this.farAddress = farAddress;
        daemon("quicroam-link-tcp-" + linkName, this::accept);
    }

    /** Runs on the relay's loop thread, after the link applied the action: must return quickly. */
    @Override
    public void onAction(AppliedAction applied) {
        LinkAction action = applied.action();
        LinkState next = action instanceof LinkAction.Up
                ? LinkState.UP
                : action instanceof LinkAction.Down
                        ? LinkState.DOWN
                        : action instanceof LinkAction.Blackhole ? LinkState.BLACKHOLE : state;
        synchronized (stateLock) {
            state = next;
            stateLock.notifyAll();
        }
        if (next == LinkState.DOWN) {
            open.forEach(TcpRelay::reset);
        }
    }

    private void accept() {
        while (!closed) {
            Socket agent;
            try {
                agent = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (state == LinkState.DOWN) {
                reset(agent);
                continue;
            }
            try {
                Socket server = new Socket();
                open.add(agent);
                open.add(server);
                server.bind(new InetSocketAddress(farAddress.get(), 0));
                server.connect(gateway);
                agent.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                daemon("quicroam-link-tcp-up-" + linkName, () -> pump(agent, server, bytesUp));
                daemon("quicroam-link-tcp-down-" + linkName, () -> pump(server, agent, bytesDown));
            } catch (IOException | RuntimeException e) {
                log.debug("link {}: cannot relay a TCP connection to the gateway", linkName, e);
                reset(agent);
            }
        }
    }

    /** Copies {@code from} to {@code to} while the link passes bytes, counting them; either end closing closes both. */
    private void pump(Socket from, Socket to, AtomicLong counted) {
        byte[] buffer = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                awaitPassing();
                out.write(buffer, 0, n);
                counted.addAndGet(n);
            }
        } catch (IOException e) {
            log.trace("link {}: a relayed TCP connection ended", linkName, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(to);
            close(from);
            open.remove(from);
            open.remove(to);
        }
    }

    /** Holds the caller while the link is blackholed; a link that went down has reset the sockets already. */
    private void awaitPassing() throws InterruptedException, IOException {
        synchronized (stateLock) {
            while (state == LinkState.BLACKHOLE && !closed) {
                stateLock.wait();
            }
        }
        if (state == LinkState.DOWN || closed) {
            throw new IOException("link " + linkName + " is down");
        }
    }

    /** TCP payload bytes relayed from the agent to the gateway so far. */
    long bytesUp() {
        return bytesUp.get();
    }

    /** TCP payload bytes relayed from the gateway to the agent so far. */
    long bytesDown() {
        return bytesDown.get();
    }

    /** Sockets held: the listener and both ends of every relayed connection. */
    long sockets() {
        return 1L + open.size();
    }

    /** Closes with RST (SO_LINGER 0): the network is gone, nothing is said politely. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        close(socket);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        synchronized (stateLock) {
            stateLock.notifyAll();
        }
        try {
            listener.close();
        } catch (IOException e) {
            log.debug("link {}: closing the TCP listener failed", linkName, e);
        }
        open.forEach(TcpRelay::close);
    }
}
