/**
 * {@code quicroam bench idle}: what an idle agent costs, measured on a real network stack. A namespace lab (a laptop
 * with Wi-Fi and LTE veths, a gateway with echo egress), the gateway and the agent started from the jar as separate
 * processes, then left alone; the figures come from the kernel (veth counters, {@code /proc/PID}), not from the
 * agent's own account. {@code quicroam bench tcp} runs iperf3 through the same kind of lab, with a server namespace
 * behind a gateway whose egress is a TUN device.
 */
package io.quicroam.cli.idle;
