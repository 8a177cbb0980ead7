package io.quicroam.cli.kernel;

import io.quicroam.interop.kwik.KwikProxy;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.ip.IpAddresses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Kwik CONNECT-IP proxy (interop's {@link KwikProxy}) as a process of its own, as {@link KwikProxyProcess} starts
 * it: {@code <address> <assigned address> <first routed address> <last routed address>}. Its standard output carries
 * only the answers to its parent, one line each (anything else the JVM prints goes to standard error, the log):
 * {@code ready <template> <ca file>} once it listens; {@code counters <packets in> <packets out>} for each
 * {@code counters} line on standard input; and for {@code close}, or the end of standard input (its parent gone), it
 * stops the proxy and answers {@code closed}, or {@code internal-error <message>} when Kwik aborted a connection on an
 * internal error meanwhile ({@link KwikProxy#close()}), and exits.
 */
public final class KwikProxyMain {
    private KwikProxyMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream answers = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        System.err.println("kwik proxy JVM options: "
                + ManagementFactory.getRuntimeMXBean().getInputArguments());
        KwikProxy proxy = KwikProxy.start(
                IpAddresses.parse(args[0]),
                new AddressAssign(List.of(new AssignedAddress(0, IpPrefix.host(IpAddresses.parse(args[1]))))),
                new RouteAdvertisement(
                        List.of(new IpAddressRange(IpAddresses.parse(args[2]), IpAddresses.parse(args[3]), 0))));
        answers.println("ready " + proxy.template() + " " + proxy.caFile());
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String request;
        while ((request = requests.readLine()) != null && !request.equals("close")) {
            if (request.equals("counters")) {
                answers.println("counters " + proxy.counters().packetsIn.get() + " "
                        + proxy.counters().packetsOut.get());
            } else {
                answers.println("unknown " + request);
            }
        }
        System.err.println("kwik proxy counters: " + proxy.counters());
        try {
            proxy.close();
            answers.println("closed");
        } catch (IllegalStateException e) {
            e.printStackTrace();
            answers.println("internal-error " + String.valueOf(e.getCause()).replace('\n', ' '));
        }
        System.exit(0);
    }
}
