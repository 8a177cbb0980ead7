package io.quicroam.pathmanager.policy;

/** Which scheduler decides where traffic goes; YAML {@code policy.scheduler: active-backup | lowest-rtt | redundant}. */
public enum SchedulerKind {
    ACTIVE_BACKUP,
    LOWEST_RTT,
    REDUNDANT
}
