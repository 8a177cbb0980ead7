package io.quicroam.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a YAML file into a {@link ConfigMap}. Uses SnakeYAML's composed node tree rather than object binding so
 * that every value keeps its line and column for error messages.
 */
public final class YamlConfig {
    private YamlConfig() {}

    /** Reads and parses {@code file}; a missing or unreadable file, bad YAML or a non-mapping root is a ConfigException. */
    public static ConfigMap load(Path file) throws ConfigException {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw fileError(name, "is a directory", null);
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw fileError(name, "no such file", e);
        } catch (AccessDeniedException e) {
            throw fileError(name, "permission denied", e);
        } catch (CharacterCodingException e) {
            throw fileError(name, "not UTF-8 text", e);
        } catch (IOException e) {
            throw fileError(name, String.valueOf(e.getMessage()), e);
        }
        return parse(text, name, baseDir(file));
    }

    /** Parses {@code text} as if read from {@code fileName}; relative paths resolve against that name's directory. */
    public static ConfigMap parse(String text, String fileName) throws ConfigException {
        return parse(text, fileName, baseDir(Path.of(fileName)));
    }

    private static ConfigMap parse(String text, String fileName, Path baseDir) throws ConfigException {
        Node root;
        try {
            // compose() refuses a stream of several documents and keeps SnakeYAML's alias and size limits.
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            throw new ConfigException(
                    fileName, line, column, "", "valid YAML", "YAML syntax error: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(fileName, 0, 0, "", "valid YAML", "YAML error: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // SnakeYAML's own checks, e.g. of a tag such as "!%4" (found by GatewayConfigFuzzTest, issue #14)
            throw new ConfigException(fileName, 0, 0, "", "valid YAML", "YAML error: " + e.getMessage(), e);
        }
        ConfigMap.Source source = new ConfigMap.Source(fileName, baseDir, new ConfigWarnings());
        if (root == null) {
            return ConfigMap.empty(source, "", null);
        }
        if (!(root instanceof MappingNode mapping)) {
            Mark mark = root.getStartMark();
            throw new ConfigException(
                    fileName,
                    mark.getLine() + 1,
                    mark.getColumn() + 1,
                    "",
                    "a mapping of keys at the top level",
                    "expected a mapping of keys at the top level, got " + ConfigMap.describe(root));
        }
        return ConfigMap.of(source, "", mapping);
    }

    private static Path baseDir(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    private static ConfigException fileError(String name, String why, Throwable cause) {
        return new ConfigException(
                name, 0, 0, "", "a readable YAML file", "expected a readable YAML file, got: " + why, cause);
    }
}
