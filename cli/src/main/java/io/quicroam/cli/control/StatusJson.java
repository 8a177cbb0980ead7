package io.quicroam.cli.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quicroam.agent.AgentStatus;
import io.quicroam.agent.Handover;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.ip.IpAddresses;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The agent's status as the JSON {@code quicroam status --json} prints (a contract for scripts). */
public final class StatusJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StatusJson() {}

    public static ObjectNode of(AgentStatus status) {
        ObjectNode root = JSON.objectNode();
        ObjectNode session = root.putObject("session");
        session.put("mode", status.mode().name().toLowerCase(Locale.ROOT));
        session.put("uptime_s", TimeUnit.NANOSECONDS.toSeconds(status.uptimeNanos()));
        ArrayNode addresses = session.putArray("addresses");
        for (AssignedAddress address : status.assignment().addresses()) {
            addresses.add(address.prefix().toString());
        }
        ArrayNode routes = session.putArray("routes");
        for (IpAddressRange range : status.assignment().routes()) {
            routes.add(IpAddresses.format(range.start()) + "-" + IpAddresses.format(range.end()));
        }
        session.put("session_resets", status.sessionResets());
        session.put("address_changes", status.addressChanges());
        session.put("tunnel_mtu", status.tunnelMtu());
        ArrayNode paths = root.putArray("paths");
        long now = System.nanoTime();
        for (AgentStatus.PathReport path : status.paths()) {
            ObjectNode node = paths.addObject();
            node.put("interface", path.interfaceName());
            node.put("class", path.interfaceClass());
            node.put("family", path.ipv6() ? "ipv6" : "ipv4");
            node.put("role", path.role().name().toLowerCase(Locale.ROOT));
            node.put("state", path.state());
            node.put("unusable", path.unusable()); // why it carries no traffic (mtu-too-small), or null
            node.put("transport", path.transport()); // quic or http2, null while it opens
            node.put("max_packet", path.maxPacket());
            if (path.rttMillis() >= 0) {
                node.put("rtt_ms", Math.round(path.rttMillis() * 10) / 10.0);
            } else {
                node.putNull("rtt_ms");
            }
            node.put("loss", path.lossRatio());
            node.put("bytes_up", path.bytesSent());
            node.put("bytes_down", path.bytesReceived());
            node.put("since_s", TimeUnit.NANOSECONDS.toSeconds(now - path.sinceNanos()));
        }
        ArrayNode handovers = root.putArray("handovers");
        for (Handover handover : status.handovers()) {
            ObjectNode node = handovers.addObject();
            node.put("ago_s", TimeUnit.NANOSECONDS.toSeconds(now - handover.atNanos()));
            node.put("from", handover.from());
            node.put("to", handover.to());
            node.put("reason", handover.trigger());
            if (handover.durationNanos() >= 0) {
                node.put("duration_ms", handover.durationNanos() / 1e6);
            } else {
                node.putNull("duration_ms");
            }
        }
        return root;
    }

    public static String render(AgentStatus status) {
        return JsonText.of(of(status));
    }
}
