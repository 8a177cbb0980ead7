package io.quicroam.cli.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The lab's server: on 'D' it sends {@code size} pseudo-random bytes at a steady rate (a long download that spans
 * every link event) and remembers their SHA-256; on 'E' it echoes whatever arrives (the interactive flow).
 */
final class PacedServer implements AutoCloseable {
    private final ServerSocket socket;
    private final long size;
    private final long bytesPerSecond;
    final CompletableFuture<byte[]> sentDigest = new CompletableFuture<>();

    PacedServer(ServerSocket socket, long size, long bytesPerSecond) {
        this.socket = socket;
        this.size = size;
        this.bytesPerSecond = bytesPerSecond;
        Thread acceptor = new Thread(this::accept, "lab-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Thread worker = new Thread(() -> serve(client), "lab-server-connection");
                worker.setDaemon(true);
                worker.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            int kind = in.read();
            if (kind == 'D') {
                download(out);
            } else if (kind == 'E') {
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (Exception e) {
            sentDigest.completeExceptionally(e);
        }
    }

    private void download(OutputStream out) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(20261125);
        byte[] chunk = new byte[64 * 1024];
        long start = System.nanoTime();
        long sent = 0;
        while (sent < size) {
            int n = (int) Math.min(chunk.length, size - sent);
            for (int i = 0; i < n; i += 8) {
                long value = random.nextLong();
                for (int b = 0; b < 8 && i + b < n; b++) {
                    chunk[i + b] = (byte) (value >>> (8 * b));
                }
            }
            out.write(chunk, 0, n);
            sha.update(chunk, 0, n);
            sent += n;
            long due = start + sent * 1_000_000_000L / bytesPerSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        out.flush();
        sentDigest.complete(sha.digest());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
