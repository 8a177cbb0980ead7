package io.quicroam.pathmanager.path;

/**
 * What the agent and gateway do with a path, after draft-ietf-quic-multipath's PATH_STATUS_AVAILABLE,
 * PATH_STATUS_BACKUP and PATH_ABANDON: carry traffic, stay warm without traffic, or close it.
 */
public enum PathRole {
    AVAILABLE,
    BACKUP,
    ABANDON
}
