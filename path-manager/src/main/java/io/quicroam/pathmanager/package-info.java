/**
 * The path manager: interfaces and paths, their health, and where traffic goes. {@code PathManager} is fed interface
 * events by an {@code InterfaceMonitor} and path events by the agent, and answers through one
 * {@code PathManagerListener}: open a path here, probe that one, these paths carry traffic now. All its state lives
 * on one thread, its {@code TimeSource}'s, so every rule runs on virtual time in tests.
 *
 * <p>Must not depend on {@code transport}, {@code agent} or {@code gateway}, nor on netty: it never sees a packet, a
 * QUIC connection or HTTP. Only {@code config} and {@code linux} (rtnetlink) from quicroam.
 */
package io.quicroam.pathmanager;
