package io.quicroam.cli.architecture;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one table of which quicroam module may use which: {@link ModuleDependencyTest} checks the POMs against it,
 * {@link ModuleClassDependencyTest} the classes. docs/architecture.md draws the same graph; change both together.
 *
 * <p>A module may use what it lists in {@code mayUse} (directly or through another module); its tests may also use
 * {@code testsMayUse}. Whatever is not listed is forbidden, so a new module or a new edge is a deliberate edit here.
 */
final class Modules {
    /**
     * One reactor module, the Java package its classes live under, and what it may use. {@code onlyPackages} narrows
     * a module it may use to some of that module's packages (checked on classes; a POM names the whole module).
     */
    record Module(
            String name,
            String rootPackage,
            Set<String> mayUse,
            Set<String> testsMayUse,
            Map<String, Set<String>> onlyPackages) {
        Module(String name, String rootPackage, Set<String> mayUse, Set<String> testsMayUse) {
            this(name, rootPackage, mayUse, testsMayUse, Map.of());
        }

        boolean mayUse(String other, boolean inTests) {
            return mayUse.contains(other) || (inTests && testsMayUse.contains(other));
        }
    }

    private static final Set<String> BELOW_AGENT_AND_GATEWAY =
            Set.of("masque", "config", "linux", "packet-io", "path-manager", "transport");

    private static final Set<String> BELOW_TESTKIT = union(BELOW_AGENT_AND_GATEWAY, Set.of("gateway", "agent"));

    private static final List<Module> ALL = List.of(
            // The wire protocol, I/O-free: no other quicroam module (and no netty beyond ByteBuf, see the class test).
            new Module("masque", "io.quicroam.masque", Set.of(), Set.of()),
            new Module("config", "io.quicroam.config", Set.of(), Set.of()),
            new Module("linux", "io.quicroam.linux", Set.of(), Set.of()),
            new Module("packet-io", "io.quicroam.packetio", Set.of("masque", "linux"), Set.of()),
            // Paths are judged without knowing QUIC, HTTP or either daemon; of masque only the IP address values, for
            // the one RFC 5952 address formatter every module prints addresses with.
            new Module(
                    "path-manager",
                    "io.quicroam.pathmanager",
                    Set.of("config", "linux", "masque"),
                    Set.of(),
                    Map.of("masque", Set.of("io.quicroam.masque.ip"))),
            new Module("transport", "io.quicroam.transport", Set.of("masque"), Set.of()),
            // The gateway never learns the agent's internals, nor how the agent watches and judges its interfaces and
            // paths: of path-manager it uses only the TimeSource, so its grace timer runs on virtual time in tests.
            new Module(
                    "gateway",
                    "io.quicroam.gateway",
                    Set.of("masque", "config", "linux", "packet-io", "transport", "path-manager"),
                    Set.of(),
                    Map.of("path-manager", Set.of("io.quicroam.pathmanager.time"))),
            // The agent's loopback tests run a real gateway; its main code must not.
            new Module("agent", "io.quicroam.agent", BELOW_AGENT_AND_GATEWAY, Set.of("gateway")),
            // Being created in parallel: a gateway and an agent on loopback for the demo, bench, simulator and tests.
            new Module("testkit", "io.quicroam.testkit", BELOW_TESTKIT, Set.of()),
            // Tests only: quicroam against peers on an independent QUIC stack (Kwik, Flupke); only cli's tests use it.
            new Module(
                    "interop", "io.quicroam.interop", Set.of(), union(BELOW_TESTKIT, Set.of("testkit", "simulator"))),
            new Module("simulator", "io.quicroam.simulator", union(BELOW_TESTKIT, Set.of("testkit")), Set.of()),
            // Its kernel lab runs interop's Kwik proxy in a namespace (KwikProxyKernelTest).
            new Module(
                    "cli", "io.quicroam.cli", union(BELOW_TESTKIT, Set.of("testkit", "simulator")), Set.of("interop")));

    private static final Map<String, Module> BY_NAME =
            ALL.stream().collect(Collectors.toUnmodifiableMap(Module::name, Function.identity()));

    private Modules() {}

    static List<Module> all() {
        return ALL;
    }

    static Optional<Module> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toUnmodifiableSet());
    }
}
