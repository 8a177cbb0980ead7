package io.quicroam.packetio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IpPrefixTest {

  @Test
  void parsesBothFamilies() {
    IpPrefix v4 = IpPrefix.parse("100.64.0.0/24");
    assertThat(v4.isIpv4()).isTrue();
    assertThat(v4.length()).isEqualTo(24);
    assertThat(v4).hasToString("100.64.0.0/24");
    IpPrefix v6 = IpPrefix.parse("fd7a::/64");
    assertThat(v6.isIpv6()).isTrue();
    assertThat(IpPrefix.parse(v6.toString())).isEqualTo(v6);
    assertThat(IpPrefix.host(IpPrefix.parseAddress("fd7a::2")).length()).isEqualTo(128);
  }

  @Test
  void hostBitsAndBadLengthsAreRefused() {
    assertThatThrownBy(() -> IpPrefix.parse("100.64.0.1/24"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host bits");
    assertThatThrownBy(() -> IpPrefix.parse("100.64.0.0/33"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of 0..32");
    assertThatThrownBy(() -> IpPrefix.parse("100.64.0.0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ADDRESS/LENGTH");
  }

  @Test
  void namesAreNeverResolved() {
    for (String notLiteral : List.of("localhost/32", "example.com/24", "1.2.3/24", "abc/8")) {
      assertThatThrownBy(() -> IpPrefix.parse(notLiteral))
          .as(notLiteral).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not an IP address literal");
    }
  }

  @Test
  void linkConfigEnforcesMtuRules() {
    var v6 = List.of(IpPrefix.parseAddress("fd7a::2"));
    assertThat(new LinkConfig(1280, v6, List.of()).mtu()).isEqualTo(1280);
    assertThatThrownBy(() -> new LinkConfig(1279, v6, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RFC 8200");
    assertThat(new LinkConfig(576, List.of(IpPrefix.parseAddress("100.64.0.2")), List.of()).mtu())
        .isEqualTo(576);
    assertThatThrownBy(() -> new LinkConfig(67, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LinkConfig(65536, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
