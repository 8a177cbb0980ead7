/**
 * Linux system access for quicroam: libc calls through JNA ({@link io.quicroam.linux.LibC}) with
 * typed errors ({@link io.quicroam.linux.LinuxException}), owned descriptors and cancellable
 * waits, privileges, the {@code ip} command, and named network namespaces.
 */
package io.quicroam.linux;
