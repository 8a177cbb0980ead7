package io.quicroam.masque;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.masque.ConnectIpRequestValidator.Validation;
import io.quicroam.masque.ConnectIpRequestValidator.Validation.Accepted;
import io.quicroam.masque.ConnectIpRequestValidator.Validation.Rejected;
import io.quicroam.masque.capsule.IpPrefix;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ConnectIpRequestValidatorTest {

    private static final UriTemplate TEMPLATE =
            UriTemplate.parse("https://proxy.example:4443/.well-known/masque/ip/{target}/{ipproto}/");
    private static final ConnectIpRequestValidator VALIDATOR = new ConnectIpRequestValidator(TEMPLATE);

    @Test
    void acceptsTheRequestOurClientSends() {
        Validation v = validate(good());
        assertThat(v).isEqualTo(new Accepted("*", "*"));
        assertThat(((Accepted) v).targetPrefix()).isEmpty();
        assertThat(((Accepted) v).ipProtocol()).isEmpty();
    }

    @Test
    void acceptsAScopedRequestAndDecodesIt() {
        Map<String, String> h = good();
        h.put(":path", "/.well-known/masque/ip/2001%3Adb8%3A%3A%2F32/17/");
        Accepted accepted = (Accepted) validate(h);
        assertThat(accepted.target()).isEqualTo("2001:db8::/32");
        assertThat(accepted.targetPrefix()).contains(IpPrefix.parse("2001:db8::/32"));
        assertThat(accepted.ipProtocol()).isEqualTo(OptionalInt.of(17));
    }

    @Test
    void capsuleProtocolHeaderIsNotRequired() {
        // RFC 9484 §4.4 does not require it; RFC 9297 §3.4 makes sending it a SHOULD
        Map<String, String> h = good();
        h.remove("capsule-protocol");
        assertThat(validate(h)).isInstanceOf(Accepted.class);
    }

    @Test
    void defaultPortAndHostCaseDoNotMatter() {
        UriTemplate noPort = UriTemplate.parse("https://proxy.example/vpn");
        Map<String, String> h = good();
        h.put(":authority", "PROXY.example:443");
        h.put(":path", "/vpn");
        assertThat(new ConnectIpRequestValidator(noPort).validate(h::get)).isEqualTo(new Accepted("*", "*"));
    }

    @Test
    void rejectsOtherMethodsWith405AndAllow() {
        Rejected r = rejected(with(":method", "GET"), 405);
        assertThat(r.responseHeaders()).containsExactly(Map.entry(":status", "405"), Map.entry("allow", "CONNECT"));
    }

    @Test
    void rejectsClassicConnectWith501() {
        Map<String, String> classic = new HashMap<>(Map.of(":method", "CONNECT", ":authority", "proxy.example:4443"));
        assertThat(rejected(classic, 501).reason()).contains("classic CONNECT");
    }

    @Test
    void rejectsOtherProtocolsWith501() {
        assertThat(rejected(with(":protocol", "connect-udp"), 501).reason()).contains(":protocol");
    }

    @Test
    void rejectsWrongSchemeWith400() {
        assertThat(rejected(with(":scheme", "http"), 400).reason()).contains(":scheme");
        assertThat(rejected(without(":scheme"), 400).reason()).contains(":scheme");
    }

    @Test
    void rejectsMissingMethodOrAuthorityWith400() {
        assertThat(rejected(without(":method"), 400).reason()).contains(":method");
        assertThat(rejected(without(":authority"), 400).reason()).contains(":authority");
    }

    @Test
    void rejectsAnotherAuthorityWith421() {
        assertThat(rejected(with(":authority", "proxy.example"), 421).reason()).contains(":authority");
        assertThat(rejected(with(":authority", "evil.example:4443"), 421).status())
                .isEqualTo(421);
    }

    @Test
    void rejectsPathsOutsideTheTemplateWith404() {
        assertThat(rejected(with(":path", "/vpn"), 404).reason()).contains("template");
    }

    @Test
    void rejectsMalformedTargetsWith400() {
        for (String target : new String[] {
            "10.0.0.1%2F8",
            "192.0.2.0%2F33",
            "300.1.1.1",
            "fe80%3A%3A1%25eth0",
            "2001%3Adb8%3A%3A%2F0129",
            "-bad-.example"
        }) {
            assertThat(rejected(with(":path", "/.well-known/masque/ip/" + target + "/*/"), 400)
                            .reason())
                    .as(target)
                    .contains("target");
        }
        assertThat(rejected(with(":path", "/.well-known/masque/ip//*/"), 400).reason())
                .contains("empty");
    }

    @Test
    void rejectsMalformedIpprotoWith400() {
        for (String ipproto : new String[] {"256", "tcp", "-1", "0017"}) {
            assertThat(rejected(with(":path", "/.well-known/masque/ip/*/" + ipproto + "/"), 400)
                            .reason())
                    .as(ipproto)
                    .contains("ipproto");
        }
    }

    @Test
    void rejectsContentHeadersWith400() {
        assertThat(rejected(with("content-length", "0"), 400).reason()).contains("content-length");
    }

    @Test
    void hostnameTargetsAreNotImplemented() {
        assertThat(rejected(with(":path", "/.well-known/masque/ip/target.example.com/132/"), 501)
                        .reason())
                .contains("host-name");
    }

    private static Validation validate(Map<String, String> headers) {
        return VALIDATOR.validate(headers::get);
    }

    private static Rejected rejected(Map<String, String> headers, int status) {
        Validation v = validate(headers);
        assertThat(v).isInstanceOf(Rejected.class);
        Rejected r = (Rejected) v;
        assertThat(r.status()).as(r.reason()).isEqualTo(status);
        return r;
    }

    private static Map<String, String> good() {
        Map<String, String> h = new HashMap<>();
        ConnectIpRequest.of(TEMPLATE, "*", "*").headers().forEach(e -> h.put(e.getKey(), e.getValue()));
        return h;
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> h = good();
        h.put(name, value);
        return h;
    }

    private static Map<String, String> without(String name) {
        Map<String, String> h = good();
        h.remove(name);
        return h;
    }
}
