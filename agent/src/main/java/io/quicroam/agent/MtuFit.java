package io.quicroam.agent;

/**
 * Whether a path can carry the tunnel's packets. RFC 9484 §7.1: the tunnel is an IP link, and IPv6 needs every link
 * to carry 1280-byte packets (RFC 8200 §5); a connection whose datagrams cannot carry a 1280-byte packet must not
 * carry the tunnel. quiche's path MTU discovery (RFC 8899) is the probe: it starts at 1200-byte UDP payloads and
 * raises the path MTU only when a padded probe of the larger size is acknowledged.
 */
enum MtuFit {
    /** Its datagrams carry 1280-byte packets: it may carry traffic. */
    FITS,
    /** Path MTU discovery has not yet got that far; until it gives up, the path is given the benefit of the doubt. */
    PENDING,
    /** Its interface cannot carry it, or discovery settled below it: it carries no traffic ({@code mtu-too-small}). */
    TOO_SMALL;

    /** The IPv6 minimum link MTU (RFC 8200 §5) that the tunnel must carry (RFC 9484 §7.1). */
    static final int MIN_PACKET = 1280;
    /** What {@code status} shows for a path that is {@link #TOO_SMALL}. */
    static final String REASON = "mtu-too-small";

    /**
     * @param ceilingPacket largest packet the path's interface MTU would allow
     * @param currentPacket largest packet the path carries now
     * @param openNanos     how long the path has been open
     * @param settleNanos   how long path MTU discovery is given to get there
     */
    static MtuFit judge(int ceilingPacket, int currentPacket, long openNanos, long settleNanos) {
        if (currentPacket >= MIN_PACKET) {
            return FITS;
        }
        if (ceilingPacket < MIN_PACKET || openNanos >= settleNanos) {
            return TOO_SMALL;
        }
        return PENDING;
    }
}
