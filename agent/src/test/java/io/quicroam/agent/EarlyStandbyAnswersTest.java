package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.path.PathId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStandbyAnswersTest {
    private static final long MS = 1_000_000L;

    private final AgentPath wifi = path("wifi", "198.18.1.2");
    private final AgentPath lte = path("lte", "198.18.2.2");
    /** When the oldest unanswered carrier probe went, per interface. */
    private final Map<String, Long> firstUnanswered = new HashMap<>();

    private final Map<String, Long> heard = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final EarlyStandbyAnswers early = new EarlyStandbyAnswers(
            (name, nanos) -> firstUnanswered.containsKey(name) && firstUnanswered.get(name) <= nanos,
            heard::get,
            p -> asked.add(p.interfaceName()));

    @Test
    void aCarrierProbeLateByFiftyMillisecondsAsksTheStandbyOnce() {
        heard.put("lte", 0L); // measured at its last standby probe, long ago
        long now = 25_000 * MS;
        early.carrierProbed(wifi, List.of(wifi, lte), now);
        assertThat(asked).as("every carrier probe answered").isEmpty();

        firstUnanswered.put("wifi", now);
        early.carrierProbed(wifi, List.of(wifi, lte), now + 40 * MS);
        assertThat(asked).as("a probe 40 ms out").isEmpty();

        early.carrierProbed(wifi, List.of(wifi, lte), now + 50 * MS);
        assertThat(asked).as("a probe 50 ms out").containsExactly("lte");

        early.carrierProbed(wifi, List.of(wifi, lte), now + 100 * MS);
        early.carrierProbed(wifi, List.of(wifi, lte), now + 900 * MS);
        assertThat(asked).as("not again within a second").containsExactly("lte");
    }

    @Test
    void aStandbyHeardWithinTheLastSecondIsNotAsked() {
        long now = 25_000 * MS;
        heard.put("lte", now - 900 * MS);
        firstUnanswered.put("wifi", now - 60 * MS);
        early.carrierProbed(wifi, List.of(wifi, lte), now);
        assertThat(asked).isEmpty();
    }

    private static AgentPath path(String name, String local) {
        InetAddress address = IpAddresses.parse(local);
        NetInterface ni = new NetInterface(name, 2, InterfaceClass.WIFI, true, List.of(address));
        return new AgentPath(new PathId(name, address, new InetSocketAddress("192.0.2.9", 443)), ni, null);
    }
}
