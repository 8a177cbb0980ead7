package io.quicroam.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrivilegesTest {

    private static final String STATUS = """
            Name:\tjava
            Uid:\t1000\t1000\t1000\t1000
            CapInh:\t0000000000000000
            CapPrm:\t0000000000003000
            CapEff:\t0000000000001000
            CapBnd:\t000001ffffffffff
            """;

    @Test
    void effectiveSetIsReadFromProcStatus() {
        assertThat(Privileges.parseEffectiveCapabilities(STATUS)).isEqualTo(0x1000L);
        assertThat(Privileges.parseEffectiveCapabilities("CapEff:\t000001ffffffffff\n"))
                .isEqualTo(0x1ffffffffffL);
        assertThatThrownBy(() -> Privileges.parseEffectiveCapabilities("Name:\tjava\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CapEff");
    }

    @Test
    void netAdminWithoutRootIsEnough() {
        Privileges p = new Privileges(1000, 1L << Capability.NET_ADMIN.bit());
        assertThat(p.isRoot()).isFalse();
        assertThat(p.hasCapability(Capability.NET_ADMIN)).isTrue();
        assertThat(p.hasCapability(Capability.NET_RAW)).isFalse();
        assertThat(p.missingNetAdminReason()).isNull();
    }

    @Test
    void rootWithoutTheCapabilityIsToldWhatToRun() {
        Privileges p = new Privileges(0, 0);
        assertThat(p.isRoot()).isTrue();
        assertThat(p.missingNetAdminReason())
                .contains("lacks cap_net_admin")
                .contains("sudo setcap cap_net_admin+ep $(readlink -f $(which java))");
        assertThat(p.missingReason(Capability.NET_ADMIN, Capability.NET_RAW, Capability.SYS_ADMIN))
                .contains("cap_net_admin,cap_net_raw,cap_sys_admin");
    }

    @Test
    void currentProcessIsReadable() {
        Privileges p = Privileges.current();
        assertThat(p.isRoot()).isEqualTo(LibC.geteuid() == 0);
    }
}
