package io.quicroam.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandsTest {

    @Test
    void outputsAndExitStatusAreCollected() throws Exception {
        CommandResult r =
                Commands.run(Duration.ofSeconds(20), List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.succeeded()).isFalse();
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
    }

    @Test
    void hungCommandTimesOut() {
        assertThatThrownBy(() -> Commands.run(Duration.ofMillis(200), List.of("/bin/sleep", "30")))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("timed out");
    }

    @Test
    void missingProgramIsATypedError() {
        assertThatThrownBy(() -> Commands.run(Duration.ofSeconds(5), List.of("/nonexistent/prog")))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("cannot start");
    }

    @Test
    void ipFailureCarriesItsStderr() throws Exception {
        assumeTrue(Ip.executable().isPresent(), "iproute2 not installed");
        assertThat(Ip.host().run("link", "show", "lo")).contains("lo");
        assertThatThrownBy(() -> Ip.host().run("link", "show", "qrnosuchif0"))
                .isInstanceOfSatisfying(CommandException.class, e -> {
                    assertThat(e.command()).endsWith("link", "show", "qrnosuchif0");
                    assertThat(e).hasMessageContaining("exit status").hasMessageContaining("qrnosuchif0");
                });
    }
}
