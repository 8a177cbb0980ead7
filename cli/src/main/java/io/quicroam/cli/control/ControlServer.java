package io.quicroam.cli.control;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.quicroam.linux.LibC;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's local control socket: a Unix domain socket in a directory only its owner may enter, itself readable
 * and writable by the owner only, so no other user can ask the agent anything. One request line per connection
 * ({@code status}, {@code reload}), one answer (JSON), then the connection closes; except {@link #WATCH}, which keeps
 * the connection open and streams one JSON line per event from the {@link EventHub}.
 */
public final class ControlServer implements AutoCloseable {
    /** The request that turns a connection into an event stream. */
    public static final String WATCH = "watch";

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_REQUEST = 256;
    /** Events a slow watcher may fall behind by before it is cut off (it sees the stream end). */
    private static final int WATCH_BACKLOG = 1024;
    /** Clients answered at once; watchers do not count, they have their own thread. */
    static final int MAX_CLIENTS = 8;
    /** Clients that may wait for a worker; beyond that a connection is closed at once. */
    static final int MAX_WAITING = 32;
    /** Open {@code paths --watch} streams, each with its writer thread; more are told the socket is busy. */
    static final int MAX_WATCHERS = 16;
    /** How long a client may take to send its request line before the connection is closed. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    /** How long {@link #ask} waits for the agent's answer (a status is asked of the agent with 5 s to answer). */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final Path path;
    private final ServerSocketChannel server;
    private final EventHub events;
    private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
    private final Duration requestTimeout;
    /** One thread per client being answered, a few at most: an idle or slow client delays nobody else. */
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(
            MAX_CLIENTS, MAX_CLIENTS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_WAITING), runnable -> {
                Thread thread = new Thread(runnable, "quicroam-control-client");
                thread.setDaemon(true);
                return thread;
            });

    private ControlServer(
            Path path,
            ServerSocketChannel server,
            Function<String, String> handler,
            EventHub events,
            Duration requestTimeout) {
        this.path = path;
        this.server = server;
        this.events = events;
        this.requestTimeout = requestTimeout;
        workers.allowCoreThreadTimeOut(true);
        Thread acceptor = new Thread(() -> serve(handler), "quicroam-control");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * The default socket: {@code /run/quicroam/agent.sock} for root (always: {@code sudo -E} may carry a user's
     * {@code $XDG_RUNTIME_DIR}, a directory that user controls), else {@code $XDG_RUNTIME_DIR/quicroam/agent.sock}.
     */
    public static Path defaultPath() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path dir = LibC.geteuid() == 0
                ? Path.of("/run/quicroam")
                : runtime != null && !runtime.isBlank()
                        ? Path.of(runtime, "quicroam")
                        : Path.of(System.getProperty("java.io.tmpdir"), "quicroam-" + System.getProperty("user.name"));
        return dir.resolve("agent.sock");
    }

    /** A socket that answers requests and has no event stream. */
    public static ControlServer start(Path path, Function<String, String> handler) throws IOException {
        return start(path, handler, null);
    }

    /** A socket that answers requests and streams {@code events} to {@link #WATCH} connections. */
    public static ControlServer start(Path path, Function<String, String> handler, EventHub events) throws IOException {
        return start(path, handler, events, REQUEST_TIMEOUT);
    }

    /** As {@link #start(Path, Function, EventHub)}, with how long a client may take to send its request line. */
    static ControlServer start(Path path, Function<String, String> handler, EventHub events, Duration requestTimeout)
            throws IOException {
        SocketDirectory.prepare(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return new ControlServer(path, server, handler, events, requestTimeout);
    }

    public Path path() {
        return path;
    }

    private void serve(Function<String, String> handler) {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.debug("control socket accept: {}", e.getMessage());
                }
                continue;
            }
            try {
                workers.execute(() -> answer(client, handler));
            } catch (RejectedExecutionException e) {
                // Every worker is busy and the queue is full (a client flooding the socket): refuse the newcomer.
                log.debug("control socket busy: {} clients answered, {} waiting", MAX_CLIENTS, MAX_WAITING);
                closeQuietly(client);
            }
        }
    }

    private void answer(SocketChannel client, Function<String, String> handler) {
        try {
            String request = TimedLines.readLine(client, MAX_REQUEST, requestTimeout);
            if (request.equals(WATCH) && events != null) {
                if (watchers.size() >= MAX_WATCHERS) {
                    write(
                            client,
                            JsonText.of(JSON.objectNode().put("error", "busy: " + MAX_WATCHERS + " watchers already")));
                    client.close();
                    return;
                }
                watchers.add(new Watcher(client));
                return; // the watcher owns the connection now
            }
            String answer;
            try {
                answer = handler.apply(request);
            } catch (IllegalStateException e) {
                answer = JsonText.of(JSON.objectNode().put("error", e.getMessage())); // says what is stuck
            } catch (RuntimeException e) {
                answer = "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
            }
            write(client, answer);
            client.close();
        } catch (IOException e) {
            log.debug("control connection: {}", e.getMessage());
            closeQuietly(client);
        }
    }

    /** One {@link #WATCH} connection: its own writer thread, so a slow reader never blocks the agent. */
    private final class Watcher implements Consumer<String> {
        private final SocketChannel client;
        private final BlockingQueue<String> backlog = new ArrayBlockingQueue<>(WATCH_BACKLOG);
        private final AutoCloseable subscription;
        private volatile boolean open = true;

        Watcher(SocketChannel client) {
            this.client = client;
            this.subscription = events.subscribe(this); // the snapshot waits in the backlog
            Thread writer = new Thread(this::writeLoop, "quicroam-watch");
            writer.setDaemon(true);
            writer.start();
        }

        @Override
        public void accept(String line) {
            if (open && !backlog.offer(line)) {
                log.debug("a watcher fell {} events behind; closing its stream", WATCH_BACKLOG);
                stop();
            }
        }

        private void writeLoop() {
            try {
                while (open) {
                    write(client, backlog.take());
                }
            } catch (IOException | InterruptedException e) {
                log.debug("watcher gone: {}", e.toString());
            } finally {
                stop();
            }
        }

        void stop() {
            open = false;
            watchers.remove(this);
            closeQuietly(subscription);
            closeQuietly(client);
            backlog.offer(""); // wakes the writer, which sees open == false
        }
    }

    private static void write(SocketChannel client, String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            client.write(bytes);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("closing: {}", e.toString());
        }
    }

    /**
     * Sends one request line and returns the answer; for {@code quicroam status} and {@code quicroam reload}. An
     * agent that does not answer within {@link #ANSWER_TIMEOUT} is an error, not a hang.
     */
    public static String ask(Path path, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            return TimedLines.readToEnd(channel, 1 << 20, ANSWER_TIMEOUT);
        }
    }

    /**
     * Sends {@code request} and hands every line of the answer to {@code lines} until the agent closes the
     * connection or {@code lines} answers false; for {@code quicroam paths --watch}.
     */
    public static void stream(Path path, String request, Predicate<String> lines) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isEmpty() && !lines.test(line)) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("closing the control socket: {}", e.getMessage());
        }
        watchers.forEach(Watcher::stop);
    }
}
