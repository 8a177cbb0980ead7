package io.quicroam.masque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UriTemplateTest {

    private static final UriTemplate DEFAULT =
            UriTemplate.parse("https://proxy.example:4443/.well-known/masque/ip/{target}/{ipproto}/");

    @Test
    void splitsTheOrigin() {
        assertThat(DEFAULT.scheme()).isEqualTo("https");
        assertThat(DEFAULT.authority()).isEqualTo("proxy.example:4443");
        assertThat(DEFAULT.host()).isEqualTo("proxy.example");
        assertThat(DEFAULT.port()).isEqualTo(4443);
        UriTemplate v6 = UriTemplate.parse("https://[2001:db8::1]/vpn");
        assertThat(v6.authority()).isEqualTo("[2001:db8::1]");
        assertThat(v6.host()).isEqualTo("2001:db8::1");
        assertThat(v6.port()).isEqualTo(443);
    }

    @Test
    void expandsTheWildcardRequestOfRfc9484() {
        // RFC 9484 §4.4 Figure 4: :path = /.well-known/masque/ip/*/*/
        assertThat(DEFAULT.expand("*", "*")).isEqualTo("/.well-known/masque/ip/*/*/");
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8::42, 17, /.well-known/masque/ip/2001%3Adb8%3A%3A42/17/", // RFC 9484 §4.6 example encoding
        "192.0.2.0/24, *, /.well-known/masque/ip/192.0.2.0%2F24/*/",
        "target.example.com, 132, /.well-known/masque/ip/target.example.com/132/",
    })
    void percentEncodesTargets(String target, String ipproto, String path) {
        assertThat(DEFAULT.expand(target, ipproto)).isEqualTo(path);
    }

    @Test
    void expandsQueryForms() {
        UriTemplate form = UriTemplate.parse("https://proxy.example.org:4443/masque/ip{?target,ipproto}");
        assertThat(form.expand("192.0.2.0/24", "17")).isEqualTo("/masque/ip?target=192.0.2.0%2F24&ipproto=17");
        UriTemplate named = UriTemplate.parse("https://proxy.example.org:4443/masque/ip?t={target}&i={ipproto}");
        assertThat(named.expand("*", "*")).isEqualTo("/masque/ip?t=*&i=*");
        UriTemplate continued = UriTemplate.parse("https://p.example/ip?v=1{&ipproto,user}");
        assertThat(continued.expand("*", "6")).isEqualTo("/ip?v=1&ipproto=6"); // user undefined: omitted
    }

    @Test
    void templateWithoutVariablesIsUsedAsIs() {
        UriTemplate plain = UriTemplate.parse("https://masque.example.org/?user=bob");
        assertThat(plain.expand("*", "*")).isEqualTo("/?user=bob");
        assertThat(plain.match("/?user=bob")).contains(Map.of());
        assertThat(plain.match("/?user=eve")).isEmpty();
    }

    @Test
    void matchesAndDecodesExpansions() {
        assertThat(DEFAULT.match("/.well-known/masque/ip/2001%3adb8%3A%3A42/17/"))
                .contains(Map.of("target", "2001:db8::42", "ipproto", "17"));
        assertThat(DEFAULT.match("/.well-known/masque/ip/%2A/%2A/")).contains(Map.of("target", "*", "ipproto", "*"));
        assertThat(DEFAULT.match("/.well-known/masque/ip/*/*")).isEmpty();
        assertThat(DEFAULT.match("/.well-known/masque/ip/a/b/c/")).isEmpty();
        assertThat(DEFAULT.match("/.well-known/masque/ip/*/*/?x=1")).isEmpty();
    }

    @Test
    void queryVariablesMayBeAbsentOrReordered() {
        UriTemplate form = UriTemplate.parse("https://p.example/ip{?target,ipproto}");
        assertThat(form.match("/ip")).contains(Map.of());
        assertThat(form.match("/ip?ipproto=6")).contains(Map.of("ipproto", "6"));
        assertThat(form.match("/ip?ipproto=6&target=10.0.0.0%2F8"))
                .contains(Map.of("ipproto", "6", "target", "10.0.0.0/8"));
        assertThat(form.match("/ip?target=1&target=2")).isEmpty();
        assertThat(form.match("/ip?other=1")).isEmpty();
    }

    @Property
    void matchInvertsExpand(@ForAll("targets") String target, @ForAll("ipprotos") String ipproto) {
        for (UriTemplate t : new UriTemplate[] {
            DEFAULT,
            UriTemplate.parse("https://p.example/ip{?target,ipproto}"),
            UriTemplate.parse("https://p.example/ip/{target,ipproto}")
        }) {
            assertThat(t.match(t.expand(target, ipproto))).contains(Map.of("target", target, "ipproto", ipproto));
        }
    }

    @Provide
    Arbitrary<String> targets() {
        return Arbitraries.of("*", "192.0.2.1", "192.0.2.0/24", "2001:db8::42", "2001:db8::/32", "host.example", "::");
    }

    @Provide
    Arbitrary<String> ipprotos() {
        return Arbitraries.oneOf(
                Arbitraries.just("*"), Arbitraries.integers().between(0, 255).map(String::valueOf));
    }

    @Test
    void authorityComparisonNormalisesCaseAndDefaultPort() {
        UriTemplate t = UriTemplate.parse("https://Proxy.Example/vpn");
        assertThat(t.authorityMatches("proxy.example")).isTrue();
        assertThat(t.authorityMatches("proxy.example:443")).isTrue();
        assertThat(t.authorityMatches("proxy.example:4443")).isFalse();
        assertThat(t.authorityMatches("other.example")).isFalse();
        assertThat(t.authorityMatches("user@proxy.example")).isFalse();
    }

    @Test
    void valuesMustNotBeEmpty() {
        assertThatThrownBy(() -> DEFAULT.expand("", "*")).hasMessageContaining("must not be empty");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://proxy.example/ip/{target}/                  | https",
                "proxy.example/ip                                   | absolute",
                "https://proxy.example                              | path must start",
                "https://proxy.example?x={target}                   | path must start",
                "https://{target}.example/ip                        | path or query",
                "https://proxy.example/ip/{+target}/                | operator '+'",
                "https://proxy.example/ip{#target}                  | operator '#'",
                "https://proxy.example/ip{/target}                  | operator '/'",
                "https://proxy.example/ip{.target}                  | operator '.'",
                "https://proxy.example/ip{;target}                  | operator ';'",
                "https://proxy.example/ip/{target*}/                | level 4",
                "https://proxy.example/ip/{target:3}/               | level 4",
                "https://proxy.example/ip/{target/                  | unclosed",
                "https://proxy.example/ip/{}/                       | empty expression",
                "https://proxy.example/ip/{target}/{target}/        | twice",
                "https://proxy.example/ip/é/                        | ASCII",
                "https://proxy.example/ip /                         | ASCII",
                "https://proxy.example/ip/%zz/                      | hex",
                "https://proxy.example:99999/ip                     | port",
                "https://user@proxy.example/ip                      | userinfo",
                "https://[2001:db8::1/ip                            | unclosed",
            })
    void rejectsTemplatesBreakingRfc9484Section3(String template, String reasonPart) {
        assertThatThrownBy(() -> UriTemplate.parse(template))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reasonPart);
    }

    @Test
    void variablesWithNothingBetweenThemAreRefusedTheProxyCouldNotSplitThem() {
        // found by UriTemplateFuzzTest (issue #14): "{ipproto}{target}" matched with the whole run as ipproto
        assertThatThrownBy(() -> UriTemplate.parse("https://proxy.example/masque/{ipproto}{target}/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("separator between them");
        // found by UriTemplateFuzzTest too: "{i}u{target}" with {i} undefined let target's "u" end {i}
        assertThatThrownBy(() -> UriTemplate.parse("https://proxy.example/masque/{i}u{target}/{ipproto}/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 'u'");
        assertThat(UriTemplate.parse("https://proxy.example/masque/{target}/{ipproto}{?x}")
                        .toString())
                .as("a query expression starts with its own '?'")
                .endsWith("{?x}");
    }
}
