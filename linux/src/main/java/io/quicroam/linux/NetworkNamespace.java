package io.quicroam.linux;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named network namespace, as {@code ip netns} manages them (a bind mount under {@code
 * /var/run/netns}). {@link #close()} deletes it.
 *
 * <p>{@link #call} runs code on a thread of its own that has entered the namespace with
 * setns(2); the calling thread keeps its namespace. Sockets, netlink sockets and TUN devices
 * opened there belong to the namespace, and their descriptors keep working from any thread.
 * Inside that thread, {@code /proc/thread-self/net} shows the namespace; {@code /proc/self/net}
 * and {@code /sys/class/net} still show the process's own namespace.
 *
 * <p>The kernel frees a namespace only when nothing references it any more: close descriptors
 * opened inside before (or soon after) closing the namespace.
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetworkNamespace.class);

    /** Where iproute2 keeps the bind mounts that name namespaces. */
    public static final Path RUN_DIR = Path.of("/var/run/netns");

    // iproute2 refuses names with '/' and "."/".."; we are stricter, so names are safe in argv and paths.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration THREAD_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final Object lock = new Object();
    private ExecutorService thread; // guarded by lock; started by the first call()
    private volatile Thread insideThread;
    private boolean closed; // guarded by lock
    private final boolean owned;

    private NetworkNamespace(String name, boolean owned) {
        this.name = name;
        this.owned = owned;
    }

    /**
     * A namespace that already exists (made by a script or another process). {@link #close()} stops this handle's
     * thread but leaves the namespace to whoever made it.
     */
    public static NetworkNamespace attach(String name) throws CommandException {
        if (!NAME.matcher(name).matches() || !Files.exists(RUN_DIR.resolve(name))) {
            throw new CommandException(
                    List.of("ip", "netns", "attach", name), "no network namespace named '" + name + "'");
        }
        return new NetworkNamespace(name, false);
    }

    /**
     * Creates a namespace with {@code ip netns add NAME}. Its only interface is {@code lo}, down.
     *
     * @throws CommandException when it exists already or privileges lack
     */
    public static NetworkNamespace create(String name) throws CommandException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "invalid namespace name '" + name + "': 1-63 of [A-Za-z0-9_.-], starting with a letter or digit");
        }
        Ip.host().run("netns", "add", name);
        log.debug("created network namespace {}", name);
        return new NetworkNamespace(name, true);
    }

    /** The namespace's name. */
    public String name() {
        return name;
    }

    /** The file that names the namespace, for setns(2). */
    public Path path() {
        return RUN_DIR.resolve(name);
    }

    /** {@code ip} commands that act in this namespace. */
    public Ip ip() {
        return Ip.in(this);
    }

    /** Runs {@code command} inside the namespace ({@code ip netns exec}), 30 s at most. */
    public CommandResult exec(String... command) throws CommandException {
        return exec(EXEC_TIMEOUT, command);
    }

    /**
     * Runs {@code command} inside the namespace ({@code ip netns exec NAME command...}).
     *
     * @return how it ended; a non-zero exit is not an exception
     * @throws CommandException when it cannot start or does not end within {@code timeout}
     */
    public CommandResult exec(Duration timeout, String... command) throws CommandException {
        List<String> argv = new ArrayList<>();
        argv.add(Ip.executable()
                .orElseThrow(() -> new CommandException(List.of(command), "iproute2 is not installed"))
                .toString());
        argv.addAll(List.of("netns", "exec", name));
        argv.addAll(List.of(command));
        return Commands.run(timeout, argv);
    }

    /**
     * Runs {@code task} on this namespace's thread and returns its result. Calls are serialized;
     * a call from inside the namespace's thread runs directly.
     *
     * @throws E what {@code task} threw
     * @throws LinuxException when the thread cannot enter the namespace
     * @throws InterruptedIOException when the caller is interrupted while waiting
     * @throws IOException when the namespace is closed
     */
    public <T, E extends Exception> T call(NamespaceCall<T, E> task) throws E, IOException {
        if (Thread.currentThread() == insideThread) {
            return task.call();
        }
        Future<T> result = executor().submit(() -> {
            enter();
            return task.call();
        });
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for namespace " + name);
        } catch (ExecutionException e) {
            throw NetworkNamespace.<E>rethrow(e.getCause());
        }
    }

    private ExecutorService executor() throws IOException {
        synchronized (lock) {
            if (closed) {
                throw new IOException("network namespace " + name + " is closed");
            }
            if (thread == null) {
                thread = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "netns-" + name);
                    t.setDaemon(true);
                    return t;
                });
            }
            return thread;
        }
    }

    /** Moves the namespace's own thread into the namespace, once. */
    private void enter() throws EnterFailure {
        if (insideThread == Thread.currentThread()) {
            return;
        }
        try (NativeFd fd = NativeFd.of(LibC.open(path().toString(), LibC.O_RDONLY | LibC.O_CLOEXEC))) {
            LibC.setns(fd.value(), LibC.CLONE_NEWNET);
        } catch (LinuxException e) {
            throw new EnterFailure(e);
        }
        insideThread = Thread.currentThread();
    }

    /** Marks a failure to enter, so it is not mistaken for the task's own exception. */
    private static final class EnterFailure extends Exception {
        private static final long serialVersionUID = 1L;

        EnterFailure(LinuxException cause) {
            super(cause);
        }
    }

    /**
     * Rethrows what the task threw. Only E, unchecked exceptions, or an EnterFailure can arrive
     * here, so the unchecked cast to E is safe.
     */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> E rethrow(Throwable cause) throws E, LinuxException {
        if (cause instanceof EnterFailure enter) {
            throw (LinuxException) enter.getCause();
        }
        if (cause instanceof Error error) {
            throw error;
        }
        throw (E) cause;
    }

    /**
     * Stops the namespace's thread and deletes the namespace ({@code ip netns delete}) if this handle made it.
     * Idempotent; a namespace already deleted by someone else is not an error.
     */
    @Override
    public void close() throws IOException {
        ExecutorService toStop;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = thread;
        }
        // An interrupt must not leak the namespace: delete first, then restore the flag.
        boolean interrupted = toStop != null && stop(toStop);
        try {
            if (owned && Files.exists(path())) {
                Ip.host().run("netns", "delete", name);
                log.debug("deleted network namespace {}", name);
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Ends the namespace's thread, which holds a reference to the namespace that would keep the
     * kernel from freeing it. Returns whether the caller was interrupted (flag cleared).
     */
    private boolean stop(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(THREAD_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
                log.warn("a task in network namespace {} did not end within {}", name, THREAD_STOP_TIMEOUT);
            }
            return false;
        } catch (InterruptedException e) {
            executor.shutdownNow();
            return true;
        }
    }

    @Override
    public String toString() {
        return "netns " + name;
    }
}
