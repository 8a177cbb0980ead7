/**
 * Network interfaces: the {@code InterfaceMonitor} boundary and its portable polling and programmable (simulated)
 * implementations, classification into Wi-Fi, cellular, ethernet and the rest (sysfs, names), turning raw
 * observations into {@code NetworkChange} events once each, debouncing them (losses at once, gains after quiet),
 * and the interface table and listing that {@code quicroam interfaces} shows.
 *
 * <p>Knows nothing of paths, probes or QUIC. The Linux rtnetlink monitor lives in {@code pathmanager.netlink}, so
 * nothing here needs JNA.
 */
package io.quicroam.pathmanager.iface;
