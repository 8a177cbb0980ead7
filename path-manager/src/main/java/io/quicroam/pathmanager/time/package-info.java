/**
 * The path manager's one source of time and its one thread: {@code TimeSource}, real over a single-thread executor,
 * or {@code VirtualTime}, which moves only when a test advances it.
 *
 * <p>Every path-manager rule that waits (debounce, probe pacing, move-back, re-admission), and the agent's reopen
 * back-off, reads time and schedules through this package, not through {@code System.nanoTime()} or a timer of its
 * own. Depends on nothing but the JDK.
 */
package io.quicroam.pathmanager.time;
