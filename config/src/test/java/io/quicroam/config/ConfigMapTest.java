package io.quicroam.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigMapTest {
    enum Scheduler {
        ACTIVE_BACKUP,
        LOWEST_RTT,
        REDUNDANT
    }

    private static ConfigMap parse(String yaml) throws ConfigException {
        return YamlConfig.parse(yaml, "agent.yaml");
    }

    private static ConfigException failure(ThrowingRead read) {
        try {
            read.run();
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }

    interface ThrowingRead {
        void run() throws ConfigException;
    }

    @Test
    void readsTypedValues() throws Exception {
        ConfigMap root = parse("""
                server:
                  url: https://gw.example:443/
                  port: 443
                  weight: 0.5
                  insecure: false
                  timeout: 250ms
                  scheduler: lowest-rtt
                  tags: [a, b]
                  peers:
                    - {name: x}
                """);
        ConfigMap server = root.map("server").orElseThrow();
        assertThat(server.path()).isEqualTo("server");
        assertThat(server.requireString("url")).isEqualTo("https://gw.example:443/");
        assertThat(server.integer("port", 0, 1, 65535)).isEqualTo(443);
        assertThat(server.decimal("weight", 1, 0, 1)).isEqualTo(0.5);
        assertThat(server.bool("insecure", true)).isFalse();
        assertThat(server.duration("timeout", null, Duration.ZERO, null)).isEqualTo(Duration.ofMillis(250));
        assertThat(server.choice("scheduler", Scheduler.class, Scheduler.ACTIVE_BACKUP))
                .isEqualTo(Scheduler.LOWEST_RTT);
        assertThat(server.stringList("tags")).containsExactly("a", "b");
        List<ConfigMap> peers = server.mapList("peers");
        assertThat(peers.get(0).path()).isEqualTo("server.peers[0]");
        assertThat(peers.get(0).string("name", null)).isEqualTo("x");
        assertThat(server.longValue("absent", 7, 0, 10)).isEqualTo(7);
        server.finish();
        root.finish();
    }

    @Test
    void mapOfMapsKeepsDocumentOrderAndPaths() throws Exception {
        ConfigMap root = parse("""
                interfaces:
                  wlan0: {priority: 10}
                  "docker*": {exclude: true}
                  eth0:
                """);
        var interfaces = root.mapOfMaps("interfaces");
        assertThat(interfaces.keySet()).containsExactly("wlan0", "docker*", "eth0");
        assertThat(interfaces.get("docker*").path()).isEqualTo("interfaces.docker*");
        assertThat(interfaces.get("eth0").keys()).isEmpty();
    }

    @Test
    void durationsInEveryUnit() throws Exception {
        ConfigMap m = parse("a: 250ms\nb: 5s\nc: 2m\nd: 1h\ne: 1.5s\n");
        assertThat(m.duration("a", null, null, null)).isEqualTo(Duration.ofMillis(250));
        assertThat(m.duration("b", null, null, null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(m.duration("c", null, null, null)).isEqualTo(Duration.ofMinutes(2));
        assertThat(m.duration("d", null, null, null)).isEqualTo(Duration.ofHours(1));
        assertThat(m.duration("e", null, null, null)).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(120))).isEqualTo("2m");
    }

    @Test
    void syntaxErrorNamesFileAndLine() {
        ConfigException e = failure(() -> parse("server:\n  url: [unclosed\n  port: 1\n"));
        assertThat(e.file()).isEqualTo("agent.yaml");
        assertThat(e.line()).isGreaterThanOrEqualTo(2);
        assertThat(e.getMessage()).startsWith("agent.yaml:" + e.line() + ":").contains("YAML syntax error");
    }

    @Test
    void wrongTypeNamesKeyAndWhatWasExpected() throws Exception {
        ConfigMap root = parse("server:\n  port: [1, 2]\n");
        ConfigMap server = root.map("server").orElseThrow();
        ConfigException e = failure(() -> server.integer("port", 0, 1, 65535));
        assertThat(e.getMessage())
                .isEqualTo("agent.yaml:2:9: server.port: expected an integer between 1 and 65535, got a list");
        assertThat(e.key()).isEqualTo("server.port");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(9);
        assertThat(failure(() -> root.map("server").orElseThrow().requireString("port"))
                        .getMessage())
                .contains("expected a string, got a list");
        assertThat(failure(() -> parse("server: 5").map("server")).getMessage())
                .isEqualTo("agent.yaml:1:9: server: expected a mapping of keys, got '5'");
    }

    @Test
    void outOfRangeQuotesTheValue() throws Exception {
        ConfigMap m = parse("probes:\n  loss-window: 70000\n").map("probes").orElseThrow();
        ConfigException e = failure(() -> m.integer("loss-window", 10, 1, 1000));
        assertThat(e.getMessage())
                .isEqualTo("agent.yaml:2:16: probes.loss-window: expected an integer between 1 and 1000, got '70000'");
        assertThat(e.expected()).isEqualTo("an integer between 1 and 1000");
    }

    @Test
    void unknownKeySuggestsTheClosestValidOne() throws Exception {
        ConfigMap root = parse("server: {}\ntunel:\n  mtu: 1280\n");
        root.mapOrEmpty("server");
        root.mapOrEmpty("tunnel");
        root.string("token-file", null);
        ConfigException e = failure(root::finish);
        assertThat(e.getMessage())
                .isEqualTo("agent.yaml:2:1: tunel: unknown key 'tunel'; did you mean 'tunnel'? "
                        + "(valid keys: server, token-file, tunnel)");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.key()).isEqualTo("tunel");
    }

    @Test
    void missingRequiredValueIsLocatedAtItsMap() throws Exception {
        ConfigMap server =
                parse("log: info\nserver:\n  port: 1\n").map("server").orElseThrow();
        ConfigException e = failure(() -> server.requireString("url"));
        assertThat(e.getMessage()).isEqualTo("agent.yaml:3:3: server.url: expected a string (required)");
    }

    @Test
    void missingFileIsReported(@TempDir Path dir) {
        Path file = dir.resolve("agent.yaml");
        ConfigException e = failure(() -> YamlConfig.load(file));
        assertThat(e.getMessage()).isEqualTo(file + ": expected a readable YAML file, got: no such file");
        assertThat(e.file()).isEqualTo(file.toString());
    }

    @Test
    void badDurationsExplainTheSyntax() throws Exception {
        ConfigMap m = parse("probes:\n  interval: 100\n  standby: -5s\n  other: soon\n")
                .map("probes")
                .orElseThrow();
        assertThat(failure(() -> m.duration("interval", null, Duration.ofMillis(10), null))
                        .getMessage())
                .isEqualTo("agent.yaml:2:13: probes.interval: expected a duration such as 250ms, 5s, 2m or 1h, "
                        + "at least 10ms, got '100' (a bare number is ambiguous: add a unit, e.g. '100ms' or '100s')");
        assertThat(failure(() -> m.duration("standby", null, Duration.ZERO, Duration.ofHours(1)))
                        .getMessage())
                .isEqualTo("agent.yaml:3:12: probes.standby: expected a duration such as 250ms, 5s, 2m or 1h, "
                        + "between 0ms and 1h, got '-5s'");
        assertThat(failure(() -> m.duration("other", null, null, null)).getMessage())
                .startsWith("agent.yaml:4:10: probes.other: expected a duration");
    }

    @Test
    void badEnumListsTheAllowedValues() throws Exception {
        ConfigMap m = parse("scheduler: lowest-rt\n");
        ConfigException e = failure(() -> m.choice("scheduler", Scheduler.class, Scheduler.ACTIVE_BACKUP));
        assertThat(e.getMessage())
                .isEqualTo("agent.yaml:1:12: scheduler: expected one of active-backup, lowest-rtt, "
                        + "redundant, got 'lowest-rt' (did you mean 'lowest-rtt'?)");
    }

    @Test
    void duplicateKeysAreRejected() {
        ConfigException e = failure(() -> parse("a: 1\nb: 2\na: 3\n"));
        assertThat(e.getMessage()).isEqualTo("agent.yaml:3:1: a: duplicate key 'a' (first at line 1)");
    }

    @Test
    void nonMappingRootIsRejectedAndEmptyFileIsEmptyMap() throws Exception {
        assertThat(failure(() -> parse("- a\n- b\n")).getMessage())
                .isEqualTo("agent.yaml:1:1: expected a mapping of keys at the top level, got a list");
        assertThat(parse("").keys()).isEmpty();
    }

    @Test
    void relativePathsResolveAgainstTheConfigDirectory(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("agent.yaml");
        Files.writeString(config, "token-file: secrets/token\nmissing: nope.txt\n");
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/token"), "t");
        ConfigMap root = YamlConfig.load(config);
        assertThat(root.existingFile("token-file", null)).isEqualTo(dir.resolve("secrets/token"));
        ConfigException e = failure(() -> root.existingFile("missing", null));
        assertThat(e.getMessage())
                .isEqualTo(config + ":2:10: missing: expected an existing readable file, got '"
                        + dir.resolve("nope.txt") + "' (no such file)");
    }

    @Test
    void errorAndWarningHelpersLocateTheKey() throws Exception {
        ConfigMap m = parse("server:\n  url: ftp://x\n").map("server").orElseThrow();
        assertThat(m.error("url", "an https URL").getMessage())
                .isEqualTo("agent.yaml:2:8: server.url: expected an https URL, got 'ftp://x'");
        m.warn("url", "token file is readable by others");
        assertThat(m.warnings().list()).containsExactly("agent.yaml:2:8: server.url: token file is readable by others");
    }

    @Test
    void booleansAndNullsFollowYaml() throws Exception {
        ConfigMap m = parse("a: yes\nb: off\nc:\nd: maybe\n");
        assertThat(m.bool("a", false)).isTrue();
        assertThat(m.bool("b", true)).isFalse();
        assertThat(m.bool("c", true)).isTrue();
        assertThat(m.has("c")).isFalse();
        assertThat(failure(m::finish).getMessage()).contains("(valid keys: a, b, c)");
        assertThat(failure(() -> m.bool("d", false)).getMessage())
                .isEqualTo("agent.yaml:4:4: d: expected true or false, got 'maybe'");
    }
}
