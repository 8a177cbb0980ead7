package io.quicroam.cli.control;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads from a control-socket connection with a deadline: a Unix {@link SocketChannel} has no read timeout, and a
 * peer that connects and stays silent must cost a bounded wait, not a thread forever. The channel is back in
 * blocking mode afterwards, for the answer.
 */
final class TimedLines {
    private TimedLines() {}

    /** One request line (up to {@code max} bytes, without the newline), or what came before the peer closed. */
    static String readLine(SocketChannel channel, int max, Duration timeout) throws IOException {
        return read(channel, max, timeout, true);
    }

    /** Everything until the peer closes (up to {@code max} bytes). */
    static String readToEnd(SocketChannel channel, int max, Duration timeout) throws IOException {
        return read(channel, max, timeout, false);
    }

    private static String read(SocketChannel channel, int max, Duration timeout, boolean toNewline) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(max);
        long deadline = System.nanoTime() + timeout.toNanos();
        channel.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (buffer.hasRemaining()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new SocketTimeoutException(
                            "nothing (or no complete line) within " + timeout.toMillis() + " ms");
                }
                selector.select(Math.max(1, left / 1_000_000));
                selector.selectedKeys().clear();
                int n = channel.read(buffer);
                if (n < 0 || toNewline && n > 0 && buffer.get(buffer.position() - 1) == '\n') {
                    break;
                }
            }
        } // closing the selector deregisters the channel, which may then block again
        channel.configureBlocking(true);
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
    }
}
