package io.quicroam.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quicroam.agent.DnsConfig;
import io.quicroam.agent.TunnelConfig;
import io.quicroam.config.ConfigException;
import io.quicroam.linux.LibC;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code quicroam reload} and SIGHUP: reads agent.yaml again, validates all of it, and applies what can change
 * while the session runs: {@code logging.level}, the split-tunnel prefixes {@code tunnel.include} and
 * {@code tunnel.exclude}, {@code dns}, the path manager's {@code interfaces}, {@code policy} and {@code probes}
 * (but {@code policy.debounce}), and the bearer token in {@code server.token-file}. Every other changed key is
 * reported as needing a restart. The session is dropped only for a changed token (the agent opens a new one with
 * it: the gateway ends a changed token's sessions anyway); an invalid file, or one root must not trust (the checks
 * of the start, {@link RootFiles}), changes nothing.
 */
final class AgentReloader {
    private static final Logger log = LoggerFactory.getLogger(AgentReloader.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String TOKEN_FILE = "server.token-file";
    private static final List<String> LIVE_KEYS =
            List.of("logging.level", "tunnel.include", "tunnel.exclude", "dns.servers", "dns.domains", TOKEN_FILE);
    private static final List<String> PATH_MANAGER_SECTIONS = List.of("interfaces", "policy", "probes");

    /** The tunnel device of the running agent, which takes new split prefixes and name servers. */
    @FunctionalInterface
    interface LiveTunnel {
        void reconfigure(TunnelConfig split, DnsConfig dns) throws Exception;
    }

    /** The running path manager, which takes new interface policy, probes and scheduling. */
    @FunctionalInterface
    interface LivePaths {
        void reconfigure(PathManagerConfig paths);
    }

    /** The running agent's bearer token, read again from a file. */
    @FunctionalInterface
    interface LiveToken {
        /** Whether the token in {@code tokenFile} (null: none) differs from the one in use (and replaced it). */
        boolean reload(Path tokenFile) throws IOException;
    }

    private final LiveTunnel tunnel;
    private final LivePaths paths;
    private final LiveToken token;
    private final Path file;
    /** Device name and MTU as the agent started with them: they need a restart to change. */
    private final TunnelConfig device;
    /** The keys as the running agent applies them (changed keys that need a restart keep their old values). */
    private final Map<String, Object> runningKeys;

    AgentReloader(
            AgentFile started, Map<String, Object> startedKeys, LiveTunnel tunnel, LivePaths paths, LiveToken token) {
        this.paths = paths;
        this.token = token;
        this.file = started.file();
        this.device = started.agent().tunnel();
        this.runningKeys = new LinkedHashMap<>(startedKeys);
        this.tunnel = tunnel;
    }

    /** Reads and applies the file; the answer is the JSON {@code quicroam reload} prints. */
    synchronized ObjectNode reload() {
        AgentFile next;
        Map<String, Object> nextKeys;
        try {
            next = AgentFile.load(file);
            nextKeys = ConfigKeys.read(file);
        } catch (ConfigException e) {
            // Values may be addresses: the log gets the location, the caller the whole message.
            log.warn("reload refused, nothing changed: {}:{}: {} is invalid", e.file(), e.line(), e.key());
            return JSON.objectNode().put("reloaded", false).put("error", e.getMessage());
        } catch (IOException e) {
            log.warn("reload refused, nothing changed: cannot read the configuration again");
            return JSON.objectNode().put("reloaded", false).put("error", e.toString());
        }
        try {
            // As at the start (AgentCommand): as root, the file and every file it names must be root's alone.
            int euid = LibC.geteuid();
            RootFiles.check(file, "the configuration", euid);
            RootFiles.checkAll(next.trustedFiles(), euid);
            FileContents.check(next.agent());
        } catch (RootFiles.Unsafe | FileContents.Invalid e) {
            log.warn("reload refused, nothing changed: a file it names is unsafe or invalid");
            return JSON.objectNode().put("reloaded", false).put("error", e.getMessage());
        }
        Set<String> changed = ConfigKeys.changed(runningKeys, nextKeys);
        List<String> applied = new ArrayList<>();
        List<String> restartNeeded = new ArrayList<>();
        for (String key : changed) {
            (LIVE_KEYS.contains(key) || isLivePathKey(key) ? applied : restartNeeded).add(key);
        }
        if (applied.stream().anyMatch(k -> k.startsWith("tunnel.") || k.startsWith("dns."))) {
            try {
                tunnel.reconfigure(
                        device.withSplit(
                                next.agent().tunnel().include(),
                                next.agent().tunnel().exclude()),
                        next.agent().dns());
            } catch (Exception e) {
                log.warn("reload: applying the split tunnel or DNS failed");
                log.debug("reload: applying the split tunnel or DNS: {}", e.toString());
                return JSON.objectNode()
                        .put("reloaded", false)
                        .put("error", "applying tunnel.include/exclude or dns failed: " + e.getMessage());
            }
        }
        if (applied.stream().anyMatch(AgentReloader::isLivePathKey)) {
            paths.reconfigure(next.agent().paths());
        }
        try {
            if (token.reload(next.agent().server().tokenFile()) && !applied.contains(TOKEN_FILE)) {
                applied.add(TOKEN_FILE); // the same file, a new token in it
            }
        } catch (IOException e) {
            log.warn("reload: cannot read server.token-file again; the token in use stays");
            return JSON.objectNode()
                    .put("reloaded", false)
                    .put("error", "cannot read server.token-file: " + e.getMessage());
        }
        next.service().logLevel().apply();
        for (String key : applied) {
            putOrRemove(runningKeys, key, nextKeys.get(key));
        }
        ObjectNode answer = JSON.objectNode().put("reloaded", true);
        applied.forEach(answer.putArray("applied")::add);
        ObjectNode restart = answer.putObject("restart_needed");
        restartNeeded.forEach(key -> restart.put(key, whyRestart(key)));
        next.warnings().forEach(answer.putArray("warnings")::add);
        log.info(
                "configuration reloaded: {} key(s) applied, {} need a restart: {}",
                applied.size(),
                restartNeeded.size(),
                restartNeeded);
        return answer;
    }

    private static boolean isLivePathKey(String key) {
        String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        return PATH_MANAGER_SECTIONS.contains(section) && !key.equals("policy.debounce");
    }

    private static String whyRestart(String key) {
        String section = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
        return PATH_MANAGER_SECTIONS.contains(section)
                ? "the interface monitor's debounce is set when it starts: restart the agent to apply"
                : "restart the agent to apply";
    }

    private static void putOrRemove(Map<String, Object> keys, String key, Object value) {
        if (value == null) {
            keys.remove(key);
        } else {
            keys.put(key, value);
        }
    }
}
