package io.quicroam.gateway;

import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells a bonded session's other paths that its addresses changed: every path's request stream carries the same
 * tunnel, and RFC 9484 §4.7.1 makes each ADDRESS_ASSIGN the full current list, so a path that missed the change
 * would keep routing an address the session no longer has.
 */
final class AddressAnnouncer {
    private AddressAnnouncer() {}

    /**
     * After an ADDRESS_REQUEST on {@code asked} (answered there, with its Request IDs) changed the session's addresses
     * from {@code before}: the new list on every other open path, with Request ID 0, as no request there asked for it
     * (RFC 9484 §4.7.1).
     */
    static void toOtherPaths(Session session, SessionPath asked, List<AssignedAddress> before) {
        List<AssignedAddress> now = session.assigned();
        if (prefixes(now).equals(prefixes(before))) {
            return;
        }
        List<AssignedAddress> unsolicited = new ArrayList<>(now.size());
        for (AssignedAddress address : now) {
            unsolicited.add(new AssignedAddress(0, address.prefix()));
        }
        AddressAssign announcement = new AddressAssign(unsolicited);
        for (SessionPath path : session.openPathList()) {
            if (path != asked) {
                path.stream.sendCapsules(announcement);
            }
        }
    }

    private static List<IpPrefix> prefixes(List<AssignedAddress> addresses) {
        List<IpPrefix> out = new ArrayList<>(addresses.size());
        addresses.forEach(a -> out.add(a.prefix()));
        return out;
    }
}
