package io.quicroam.agent;

import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Why a path did not open, and whether trying again can help: a refused join starts a new session, a certificate
 * problem or a refusal is told to the caller of start() at once, wrong credentials stop the retries.
 *
 * <p>Threads: the path manager's thread only.
 */
final class OpenFailures {
    private static final Logger log = LoggerFactory.getLogger(OpenFailures.class);
    /** The gateway does not know the session any more (docs/extension.md): the path starts a new one. */
    private static final int JOIN_REFUSED = 403;

    private final Session session;
    private final DeviceSetup setup;

    OpenFailures(Session session, DeviceSetup setup) {
        this.session = session;
        this.setup = setup;
    }

    /**
     * A path on {@code interfaceName} did not open ({@code failure} null: it opened too late, closed or replaced).
     *
     * @return why to try the interface again, and so how soon
     */
    ReopenBackoff.Cause retry(String interfaceName, Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof OpenTimedOut) {
            // The network is silent (an outage, a blackhole): retried at once, every attempt, so not worth a WARN.
            log.debug("{}: no answer to opening a path", interfaceName);
            return ReopenBackoff.Cause.SILENCE;
        }
        if (cause instanceof ConnectIpRefusedException refused && refused.status() == JOIN_REFUSED) {
            log.info("{}: the gateway refused to join the session (403); starting a new one", interfaceName);
            session.forget();
        } else if (cause != null
                && !(cause instanceof ProxyNonConformantException)
                && !(cause instanceof ProxyClosedException)) {
            log.warn(
                    "{}: cannot open a path ({})",
                    interfaceName,
                    cause.getClass().getSimpleName());
            log.debug("{}: path failure: {}", interfaceName, cause.getMessage()); // may name addresses
        }
        if (cause instanceof ProxyNonConformantException broken) {
            // The reason names no address; the proxy will not change by itself, so start() learns it at once.
            log.warn("{}: cannot open a path: {}", interfaceName, broken.getMessage());
            setup.fail(broken);
            return ReopenBackoff.Cause.REFUSED;
        }
        if (cause instanceof ProxyClosedException closed) {
            // The proxy is up and ended the connection (a quota, a restart): asked again after a doubling wait.
            log.warn("{}: cannot open a path: {}", interfaceName, closed.getMessage());
            return ReopenBackoff.Cause.REFUSED;
        }
        if (cause instanceof SSLException) {
            // A certificate problem does not fix itself: tell the caller of start() (retries go on).
            setup.fail(cause);
            return ReopenBackoff.Cause.REFUSED;
        }
        if (cause instanceof ConnectIpRefusedException refused) {
            setup.fail(refused); // the caller of start() learns why at once
            // A 401 (RFC 9110 §15.5.2) is not retried at once either: the interface waits a doubling time like any
            // refusal, or every other interface's failure would open it again at once, a request per round trip
            // for as long as the token is wrong. Retried at all, because the gateway's tokens file may be fixed.
            return refused.status() == JOIN_REFUSED ? ReopenBackoff.Cause.SILENCE : ReopenBackoff.Cause.REFUSED;
        }
        return cause == null ? ReopenBackoff.Cause.SILENCE : ReopenBackoff.Cause.NETWORK;
    }

    /** Whether {@code failure} says the attempt got no answer in time ({@link OpenTimedOut}). */
    static boolean timedOut(Throwable failure) {
        return failure instanceof OpenTimedOut
                || failure instanceof CompletionException && failure.getCause() instanceof OpenTimedOut;
    }

    /**
     * An attempt to open a path got no answer: its request not sent (no QUIC handshake or no SETTINGS) within {@link
     * PathLifecycle#OPEN_TIMEOUT}, or no answer to it within {@link PathLifecycle#ANSWER_TIMEOUT} more.
     */
    static final class OpenTimedOut extends Exception {
        private static final long serialVersionUID = 1L;

        OpenTimedOut() {
            super("no answer in time", null, false, false);
        }
    }
}
