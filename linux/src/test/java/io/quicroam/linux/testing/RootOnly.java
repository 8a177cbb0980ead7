package io.quicroam.linux.testing;

import io.quicroam.linux.Capability;
import io.quicroam.linux.Ip;
import io.quicroam.linux.Privileges;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Guards tests that need root: network namespaces, TUN devices, addresses and routes.
 * When a requirement is missing the test is skipped with the reason printed, except under
 * {@code CI=true}, where CI is root and a skip would hide lost coverage, so the test fails.
 *
 * <p>Call {@link #require()} in a test or {@code @BeforeEach}, or put {@code
 * @ExtendWith(RootOnly.class)} on the class.
 */
public final class RootOnly implements BeforeAllCallback {

    private static final Path TUN = Path.of("/dev/net/tun");

    /** Network namespaces, links, addresses and routes: CAP_NET_ADMIN, CAP_SYS_ADMIN and {@code ip}. */
    public static void require() {
        String reason = Privileges.current().missingReason(Capability.NET_ADMIN, Capability.SYS_ADMIN);
        if (reason == null && Ip.executable().isEmpty()) {
            reason = "iproute2's ip command is not installed (apt-get install iproute2)";
        }
        if (reason != null) {
            skipOrFail(reason);
        }
    }

    /** Everything {@link #require()} needs, and the TUN driver. */
    public static void requireTun() {
        require();
        if (!Files.exists(TUN)) {
            skipOrFail(TUN + " is missing: load the tun module (modprobe tun) or, in a container, "
                    + "pass the device (docker run --device /dev/net/tun --cap-add NET_ADMIN)");
        }
    }

    /** Skips with {@code reason}, printed; under CI=true fails with it instead. */
    public static void skipOrFail(String reason) {
        skipOrFail(reason, "true".equals(System.getenv("CI")));
    }

    static void skipOrFail(String reason, boolean ci) {
        String message = "root-only test cannot run: " + reason;
        System.err.println(message);
        if (ci) {
            Assertions.fail(message + " (CI=true: a root-only test must not be skipped)");
        }
        Assumptions.abort(message);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        require();
    }
}
