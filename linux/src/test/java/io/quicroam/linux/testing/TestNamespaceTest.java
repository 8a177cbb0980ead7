package io.quicroam.linux.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.linux.NetworkNamespace;
import org.junit.jupiter.api.Test;

class TestNamespaceTest {

    @Test
    void sweepDeletesNamespacesOfDeadProcessesOnly() throws Exception {
        RootOnly.require();
        // Linux pids never exceed 2^22, so this creator is certainly gone.
        String dead = TestNamespace.PREFIX + "4194305-1";
        NetworkNamespace.create(dead);
        try (NetworkNamespace live = TestNamespace.create()) {
            assertThat(live.name())
                    .startsWith(TestNamespace.PREFIX + ProcessHandle.current().pid() + "-");
            // Another test JVM may sweep the dead one first: what counts is that it is gone.
            assertThat(TestNamespace.sweepStale()).doesNotContain(live.name());
            assertThat(NetworkNamespace.RUN_DIR.resolve(dead)).doesNotExist();
            assertThat(live.path()).exists();
        }
    }
}
