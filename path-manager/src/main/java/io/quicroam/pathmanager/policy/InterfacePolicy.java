package io.quicroam.pathmanager.policy;

import io.quicroam.pathmanager.iface.InterfaceClass;

/**
 * The resolved policy of one interface. Lower {@code priority} is preferred. A {@code backupOnly} interface carries
 * traffic only when no other path is usable. {@code excludedBy} says why an excluded interface is excluded.
 */
public record InterfacePolicy(
        InterfaceClass type, int priority, boolean metered, boolean backupOnly, boolean excluded, String excludedBy) {}
