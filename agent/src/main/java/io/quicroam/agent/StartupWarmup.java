package io.quicroam.agent;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.quic.Quic;
import io.quicroam.transport.Transports;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up work that needs no configuration, done on a thread of its own while the main thread reads the
 * configuration and creates the TUN device: netty unpacks and loads its native libraries (epoll; quiche with
 * BoringSSL), and the classes that building the agent and checking the proxy's certificate need are loaded. Each
 * step is one the agent takes anyway a few hundred milliseconds later; on a machine with a second core this takes
 * them off the path from {@code quicroam agent} to the TUN device having its address (README, "What an idle agent
 * costs"). Whatever fails here fails again where it is needed, with its own error.
 */
public final class StartupWarmup {
    private static final Logger log = LoggerFactory.getLogger(StartupWarmup.class);

    private StartupWarmup() {}

    /** Starts the warm-up thread (a daemon: it never holds the JVM up). */
    public static void start() {
        Thread thread = new Thread(StartupWarmup::run, "quicroam-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        try {
            Transports.datagramChannel(); // decides epoll or NIO: loads the epoll library
            Quic.ensureAvailability();
            PooledByteBufAllocator.defaultNumDirectArena();
            CertificateFactory.getInstance("X.509");
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            StartupPhases.reached("warm-up done");
        } catch (Throwable e) { // an Error too: the agent meets it again, and reports it, where it needs the library
            log.debug("start-up warm-up: {}", e.toString());
        }
    }
}
