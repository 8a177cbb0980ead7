package io.quicroam.transport.initial;

import static io.quicroam.transport.initial.InitialKeysTest.DCID;
import static io.quicroam.transport.initial.InitialKeysTest.hex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** RFC 9001 Appendix A.2 (header protection of the client Initial) and A.3 (the server Initial, byte for byte). */
class InitialProtectionTest {
    @Test
    void headerProtectionMaskOfTheClientInitialIsTheRfcs() {
        byte[] mask = InitialProtection.mask(InitialKeys.client(DCID).hp(), hex("d1b1c98dd7689fb8ec11d242b123dc9b"));
        assertThat(java.util.Arrays.copyOf(mask, 5)).isEqualTo(hex("437b9aec36"));
    }

    @Test
    void theServerInitialOfAppendixA3IsProtectedByteForByte() {
        byte[] header = hex("c1000000010008f067a5502a4262b50040750001");
        byte[] payload = hex("02000000000600405a020000560303eefce7f7b37ba1d1632e96677825ddf73988cfc79825df566dc5430b"
                + "9a045a1200130100002e00330024001d00209d3c940d89690b84d08a60993c144eca684d1081287c834d5311bcf32bb9da1"
                + "a002b00020304");

        byte[] packet = InitialProtection.protect(InitialKeys.server(DCID), header, 1, payload);

        assertThat(packet)
                .isEqualTo(hex("cf000000010008f067a5502a4262b5004075c0d95a482cd0991cd25b0aac406a5816b6394100f37a1c69"
                        + "797554780bb38cc5a99f5ede4cf73c3ec2493a1839b3dbcba3f6ea46c5b7684df3548e7ddeb9c3bf9c73cc3f3"
                        + "bded74b562bfb19fb84022f8ef4cdd93795d77d06edbb7aaf2f58891850abbdca3d20398c276456cbc421584"
                        + "07dd074ee"));
    }
}
