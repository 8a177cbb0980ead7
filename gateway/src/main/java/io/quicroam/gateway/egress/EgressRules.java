package io.quicroam.gateway.egress;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.masque.capsule.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code egress-policy} in gateway.yaml says on top of the built-in deny list ({@link EgressPolicy}).
 *
 * @param allow          destinations reachable even though the built-in list denies them (e.g. a metadata service
 *                       an operator wants clients to use)
 * @param deny           more destinations no client may reach
 * @param isolateClients sessions may not reach one another's pool addresses
 */
public record EgressRules(List<IpPrefix> allow, List<IpPrefix> deny, boolean isolateClients) {
    public static EgressRules defaults() {
        return new EgressRules(List.of(), List.of(), true);
    }

    /** Reads {@code egress-policy} (absent: the defaults). */
    public static EgressRules from(ConfigMap root) throws ConfigException {
        ConfigMap policy = root.mapOrEmpty("egress-policy");
        EgressRules rules = new EgressRules(
                prefixes(policy, "allow"), prefixes(policy, "deny"), policy.bool("isolate-clients", true));
        policy.finish();
        return rules;
    }

    private static List<IpPrefix> prefixes(ConfigMap map, String key) throws ConfigException {
        List<IpPrefix> prefixes = new ArrayList<>();
        for (String text : map.stringList(key)) {
            try {
                prefixes.add(IpPrefix.parse(text));
            } catch (IllegalArgumentException e) {
                throw map.error(
                        key, "a list of prefixes such as 169.254.169.254/32 or fe80::/10 (" + e.getMessage() + ")");
            }
        }
        return List.copyOf(prefixes);
    }
}
