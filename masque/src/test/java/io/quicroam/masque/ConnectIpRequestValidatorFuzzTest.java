package io.quicroam.masque;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target (issue #14) for the gateway's check of a CONNECT-IP request: any header values give an answer (a
 * status from RFC 9484 §4.4's rules with a reason, or an accepted scope) and never an exception, so a peer's
 * request can only be refused, never crash the request handler. An accepted scope is one RFC 9484 §4.6 allows:
 * "*" or a prefix without host bits, "*" or a protocol number in [0, 255].
 */
class ConnectIpRequestValidatorFuzzTest {
    private static final ConnectIpRequestValidator VALIDATOR = new ConnectIpRequestValidator(
            UriTemplate.parse("https://proxy.example:4433/.well-known/masque/ip/{target}/{ipproto}/"));
    private static final List<String> NAMES = List.of(
            ":method",
            ":protocol",
            ":scheme",
            ":authority",
            ":path",
            "content-length",
            "content-type",
            "transfer-encoding",
            "capsule-protocol");
    /** Well-formed values the fuzzer starts from, so that it reaches the later checks. */
    private static final Map<String, String> GOOD = Map.of(
            ":method", "CONNECT",
            ":protocol", "connect-ip",
            ":scheme", "https",
            ":authority", "proxy.example:4433",
            ":path", "/.well-known/masque/ip/*/*/");

    @FuzzTest
    void answersEveryRequest(FuzzedDataProvider data) {
        Map<String, String> headers = new HashMap<>();
        for (String name : NAMES) {
            switch (data.consumeInt(0, 2)) {
                case 0 -> headers.put(name, GOOD.get(name));
                case 1 -> headers.put(name, data.consumeString(80));
                default -> {
                    // absent
                }
            }
        }
        ConnectIpRequestValidator.Validation answer = VALIDATOR.validate(headers::get);

        if (answer instanceof ConnectIpRequestValidator.Validation.Rejected rejected) {
            assertThat(rejected.status()).isIn(400, 404, 405, 421, 501);
            assertThat(rejected.reason()).isNotBlank();
            assertThat(rejected.responseHeaders()).isNotEmpty();
        } else {
            ConnectIpRequestValidator.Validation.Accepted accepted =
                    (ConnectIpRequestValidator.Validation.Accepted) answer;
            accepted.targetPrefix();
            accepted.ipProtocol().ifPresent(p -> assertThat(p).isBetween(0, 255));
        }
    }
}
