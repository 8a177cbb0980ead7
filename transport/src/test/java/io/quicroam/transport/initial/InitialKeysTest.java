package io.quicroam.transport.initial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 9001 Appendix A.1: the Initial keys for the client's Destination Connection ID 0x8394c8f03e515708. */
class InitialKeysTest {
    static final byte[] DCID = hex("8394c8f03e515708");

    @Test
    void clientKeysAreTheRfcs() {
        InitialKeys keys = InitialKeys.client(DCID);
        assertThat(keys.key()).isEqualTo(hex("1f369613dd76d5467730efcbe3b1a22d"));
        assertThat(keys.iv()).isEqualTo(hex("fa044b2f42a3fd3b46fb255c"));
        assertThat(keys.hp()).isEqualTo(hex("9f50449e04a0e810283a1e9933adedd2"));
    }

    @Test
    void serverKeysAreTheRfcs() {
        InitialKeys keys = InitialKeys.server(DCID);
        assertThat(keys.key()).isEqualTo(hex("cf3a5331653c364c88f0f379b6067e37"));
        assertThat(keys.iv()).isEqualTo(hex("0ac1493ca1905853b0bba03e"));
        assertThat(keys.hp()).isEqualTo(hex("c206b8d9b9f0f37644430b490eeaa314"));
    }

    @Test
    void hkdfExpandLabelGivesTheRfcsSecrets() {
        byte[] initialSecret = Hkdf.extract(hex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a"), DCID);
        assertThat(initialSecret).isEqualTo(hex("7db5df06e7a69e432496adedb00851923595221596ae2ae9fb8115c1e9ed0a44"));
        assertThat(Hkdf.expandLabel(initialSecret, "client in", 32))
                .isEqualTo(hex("c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea"));
        assertThat(Hkdf.expandLabel(initialSecret, "server in", 32))
                .isEqualTo(hex("3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b"));
    }

    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }
}
