package io.quicroam.packetio;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 prefix such as {@code 100.64.0.0/24} or {@code fd7a::/64}: the destination of
 * a route. Host bits must be zero (RFC 4632 §3.1), so a typo like {@code 100.64.0.1/24} is caught.
 *
 * @param network the first address of the prefix
 * @param length the prefix length: 0..32 for IPv4, 0..128 for IPv6
 */
public record IpPrefix(InetAddress network, int length) {

  // Literals only: anything else would make InetAddress resolve a host name.
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  public IpPrefix {
    int bits = network.getAddress().length * 8;
    if (length < 0 || length > bits) {
      throw new IllegalArgumentException(
          "prefix length " + length + " out of 0.." + bits + " for " + network.getHostAddress());
    }
    byte[] address = network.getAddress();
    for (int bit = length; bit < bits; bit++) {
      if ((address[bit / 8] & (0x80 >> (bit % 8))) != 0) {
        throw new IllegalArgumentException(
            network.getHostAddress() + "/" + length + " has host bits set (RFC 4632 §3.1)");
      }
    }
  }

  /** Parses {@code ADDRESS/LENGTH}, e.g. {@code 100.64.0.0/24}. */
  public static IpPrefix parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a prefix (ADDRESS/LENGTH): '" + text + "'");
    }
    String lengthText = text.substring(slash + 1);
    if (!lengthText.matches("\\d{1,3}")) {
      throw new IllegalArgumentException("bad prefix length in '" + text + "'");
    }
    return new IpPrefix(parseAddress(text.substring(0, slash)), Integer.parseInt(lengthText));
  }

  /** Parses an IPv4 or IPv6 address literal; never resolves names. */
  public static InetAddress parseAddress(String literal) {
    if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
      throw new IllegalArgumentException("not an IP address literal: '" + literal + "'");
    }
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: '" + literal + "'", e);
    }
  }

  /** The host prefix of one address: {@code /32} for IPv4, {@code /128} for IPv6. */
  public static IpPrefix host(InetAddress address) {
    return new IpPrefix(address, address.getAddress().length * 8);
  }

  /** Whether this is an IPv6 prefix. */
  public boolean isIpv6() {
    return network instanceof Inet6Address;
  }

  /** Whether this is an IPv4 prefix. */
  public boolean isIpv4() {
    return network instanceof Inet4Address;
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + length;
  }
}
