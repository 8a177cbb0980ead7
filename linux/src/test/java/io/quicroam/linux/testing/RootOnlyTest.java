package io.quicroam.linux.testing;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RootOnlyTest {

    @Test
    void missingPrivilegeSkipsOutsideCi() {
        assertThatThrownBy(() -> RootOnly.skipOrFail("no CAP_NET_ADMIN", false))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no CAP_NET_ADMIN");
    }

    @Test
    void missingPrivilegeFailsUnderCi() {
        assertThatThrownBy(() -> RootOnly.skipOrFail("no CAP_NET_ADMIN", true))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("no CAP_NET_ADMIN")
                .hasMessageContaining("CI=true");
    }
}
