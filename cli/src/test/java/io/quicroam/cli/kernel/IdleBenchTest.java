package io.quicroam.cli.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quicroam.cli.idle.IdleCommand;
import io.quicroam.linux.testing.RootOnly;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * CI's short {@code quicroam bench idle} (issue #17): the gateway and the agent as separate processes in a namespace
 * lab of the test's own (prefix qridlet), the agent's tunnel up on Wi-Fi with LTE on standby, then 10 s of nothing.
 * The bounds are met only when the carrying path's probing follows traffic: without it Wi-Fi carries ~180-320 KB a
 * minute and the agent burns ~1-2 s of CPU a minute; only when the agent's own timers stand still while idle (the MTU
 * watch, the QUIC statistics reader, the daemon's status poll; IdleWakeupsTest holds each on virtual time); and only
 * with the small-footprint JVM options (configs/jvm). Root only; the figures are printed (bench idle's JSON).
 */
class IdleBenchTest {
    // Measured with `quicroam bench idle --seconds 60` on the shared 2-core machine at load 16 (docs/benchmarks.md):
    // Wi-Fi 4.8 KB,
    // LTE 0.7 KB, 0.36 s CPU a minute; before the change 231 KB, 6.3 KB, 1.47 s (and 283 KB, 6.8 KB, 2.7 s in this
    // test with the carrying path's pacing broken on purpose).
    // A 10 s window holds at most one standby exchange per path (~300 B), counted six times over: hence some room.
    private static final long WIFI_BYTES = 6_000;
    private static final long LTE_BYTES = 5_000;
    // Issue #17's second round, same machine at load 33-36 (docs/benchmarks.md): 0.045-0.06 s CPU and 580-620 context
    // switches
    // a minute (before: 0.33-0.5 s and 4,400-7,200 with the MTU watch every 250 ms, the statistics every 100 ms, the
    // status every second and C2 compiling); both bounds are ~5x and ~2.5x that.
    private static final double CPU_SECONDS = 0.25;
    private static final long CONTEXT_SWITCHES = 1_500;
    // Resident memory is steady to within ~3 MiB from run to run, so its bound is tight rather than 2-5x. From the
    // jar: 93 MiB for the agent and 92 MiB for the gateway now, 128 and 123 MiB with main's options. Here they run
    // from Maven's classpath (a hundred jars open instead of one): 98 and 111 MiB, and 132 and 145 MiB with main's
    // options put back in configs/jvm (which fails this test). Third round (#17): the agent loads no HTTP/2 TLS
    // context on QUIC alone and no ObjectMapper for its control socket's answers, 900 classes fewer: 85.6 MiB from
    // the jar (97.3 before, same runs), 90.7 MiB here, and 97.3 MiB here with the HTTP/2 context built again, 95.7
    // with status answers written through an ObjectMapper again (both before the compile thresholds of agent.options,
    // -1.6 MiB here): 89.1 MiB here with them. The bound is 95: the undone changes failed a bound of 94 before the
    // thresholds, and 93 left CI ~4 MiB over a figure that varies ~3 MiB between runs.
    private static final double AGENT_RSS_MIB = 95;
    private static final double GATEWAY_RSS_MIB = 128;

    @TempDir
    Path dir;

    @Test
    void anIdleAgentIsQuiet() throws Exception {
        RootOnly.requireTun();
        Path json = dir.resolve("idle.json");
        int exit = new CommandLine(new IdleCommand())
                .execute(
                        "--seconds", "10",
                        // Past the 30 s QUIC idle timeout of any open attempt a slow start gave up (README).
                        "--settle", "35",
                        "--lab", "qridlet",
                        "--jvm-options", Path.of("..", "configs", "jvm").toString(),
                        "--json", json.toString());
        assertThat(exit).as("quicroam bench idle's exit status").isZero();
        JsonNode f = new ObjectMapper().readTree(json.toFile());

        assertThat(f.path("paths_open").asInt()).as("paths open").isEqualTo(2);
        assertThat(f.path("wifi_bytes_per_idle_minute").asLong())
                .as("Wi-Fi bytes per idle minute")
                .isLessThanOrEqualTo(WIFI_BYTES);
        assertThat(f.path("lte_bytes_per_idle_minute").asLong())
                .as("LTE bytes per idle minute")
                .isLessThanOrEqualTo(LTE_BYTES);
        assertThat(f.path("agent_cpu_seconds_per_idle_minute").asDouble())
                .as("agent CPU seconds per idle minute")
                .isLessThanOrEqualTo(CPU_SECONDS);
        assertThat(f.path("agent_context_switches_per_idle_minute").asLong())
                .as("agent context switches per idle minute")
                .isLessThanOrEqualTo(CONTEXT_SWITCHES);
        assertThat(f.path("agent_rss_mib").asDouble()).as("agent RSS, MiB").isLessThanOrEqualTo(AGENT_RSS_MIB);
        assertThat(f.path("gateway_rss_mib").asDouble()).as("gateway RSS, MiB").isLessThanOrEqualTo(GATEWAY_RSS_MIB);
        // Last: a tunnel that flapped to LTE (fast probing on a loaded machine does) has already failed above.
        assertThat(f.path("carrying").toString()).as("carrying").isEqualTo("[\"wlan0\"]");
        // Start-up time is printed, not bounded: on this shared machine it says more about its load than about the
        // agent (measured 2.9-27 s at load 15-37; docs/benchmarks.md).
    }
}
