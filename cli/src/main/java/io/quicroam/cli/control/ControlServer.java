package io.quicroam.cli.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

/**
 * The agent's local control socket: a Unix domain socket in a directory only its owner may enter, itself readable
 * and writable by the owner only, so no other user can ask the agent anything. One request line per connection
 * ({@code status}), one answer (JSON), then the connection closes.
 */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    private static final int MAX_REQUEST = 256;

    private final Path path;
    private final ServerSocketChannel server;
    private final Thread acceptor;

    private ControlServer(Path path, ServerSocketChannel server, Function<String, String> handler) {
        this.path = path;
        this.server = server;
        this.acceptor = new Thread(() -> serve(handler), "quicroam-control");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    /** The default socket: {@code $XDG_RUNTIME_DIR/quicroam/agent.sock}, or {@code /run/quicroam/agent.sock} for root. */
    public static Path defaultPath() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path dir = runtime != null && !runtime.isBlank() ? Path.of(runtime, "quicroam")
                : "root".equals(System.getProperty("user.name")) ? Path.of("/run/quicroam")
                : Path.of(System.getProperty("java.io.tmpdir"), "quicroam-" + System.getProperty("user.name"));
        return dir.resolve("agent.sock");
    }

    public static ControlServer start(Path path, Function<String, String> handler) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.deleteIfExists(path); // a stale socket of an agent that died
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        return new ControlServer(path, server, handler);
    }

    public Path path() {
        return path;
    }

    private void serve(Function<String, String> handler) {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                String request = readLine(client);
                String answer;
                try {
                    answer = handler.apply(request);
                } catch (RuntimeException e) {
                    answer = "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
                }
                client.write(ByteBuffer.wrap((answer + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                if (server.isOpen()) {
                    log.debug("control connection: {}", e.getMessage());
                }
            }
        }
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_REQUEST);
        while (buffer.hasRemaining()) {
            if (client.read(buffer) < 0) {
                break;
            }
            if (buffer.position() > 0 && buffer.get(buffer.position() - 1) == '\n') {
                break;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }

    /** Sends one request line and returns the answer; for {@code quicroam status}. */
    public static String ask(Path path, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            while (channel.read(buffer) >= 0 && buffer.hasRemaining()) {
                // read to the end
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("closing the control socket: {}", e.getMessage());
        }
    }
}
