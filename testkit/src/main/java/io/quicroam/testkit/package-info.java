/**
 * Fixtures that put a real gateway and a real agent together on loopback: {@code LoopbackRig} (a gateway, fake
 * interfaces on 127.0.0.x, an agent), {@code LocalGateway}, {@code LoopbackInterfaces}, {@code Await}, and the
 * inner flows and blackholes the handover tests measure with. The demo, the benchmark and the simulator build
 * their tunnels with it, and the integration tests (in this module's tests) run on it.
 *
 * <p>May depend on every module below the CLI except {@code simulator}; only {@code simulator} and {@code cli}
 * may depend on it in main scope (Maven forbids the cycle a test-scope use by agent or gateway would make).
 */
package io.quicroam.testkit;
