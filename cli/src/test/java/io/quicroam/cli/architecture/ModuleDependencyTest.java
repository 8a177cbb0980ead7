package io.quicroam.cli.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Every module's POM declares only the quicroam modules {@link Modules} allows it. Read from the source POMs (the
 * reactor's modules come from the parent's {@code <modules>}), so a forbidden edge fails here before any class uses
 * it. Surefire runs this with cli/ as the working directory; the parent POM is one level up.
 */
class ModuleDependencyTest {
    private static final String GROUP = "io.quicroam";
    private static final Set<String> MAIN_SCOPES = Set.of("compile", "runtime", "provided", "system");
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyReactorModuleHasARowInTheTable() throws Exception {
        assertThat(reactorModules())
                .allSatisfy(module -> assertThat(Modules.named(module))
                        .as("module %s is not in %s: decide what it may use", module, Modules.class.getSimpleName())
                        .isPresent());
    }

    @Test
    void everyModuleDeclaresOnlyTheModulesItMayUse() throws Exception {
        List<String> violations = new ArrayList<>();
        for (String name : reactorModules()) {
            Modules.Module module = Modules.named(name).orElseThrow();
            for (Element dependency : children(child(pom(ROOT.resolve(name)), "dependencies"), "dependency")) {
                if (!GROUP.equals(text(dependency, "groupId", ""))) {
                    continue;
                }
                String target = text(dependency, "artifactId", "");
                String scope = text(dependency, "scope", "compile");
                boolean inTests = !MAIN_SCOPES.contains(scope);
                if (target.equals(name) || !module.mayUse(target, inTests)) {
                    violations.add(name + " -> " + target + " (" + scope + ")");
                }
            }
        }
        assertThat(violations)
                .as("dependencies the module table does not allow")
                .isEmpty();
    }

    private static List<String> reactorModules() throws Exception {
        Element parent = pom(ROOT);
        assertThat(text(parent, "artifactId", "")).as("parent POM at %s", ROOT).isEqualTo("quicroam-parent");
        return children(child(parent, "modules"), "module").stream()
                .map(Node::getTextContent)
                .map(String::trim)
                .toList();
    }

    private static Element pom(Path moduleDir) throws Exception {
        Path pom = moduleDir.resolve("pom.xml");
        assertThat(pom).exists();
        try (var in = Files.newInputStream(pom)) {
            Document document =
                    DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
            return document.getDocumentElement();
        }
    }

    /** The direct child of that name, or null: only the project's own {@code <dependencies>}, not managed ones. */
    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                found.add(element);
            }
        }
        return found;
    }

    /** A child element's text; {@code ${project.groupId}} is quicroam's own group. */
    private static String text(Element parent, String name, String absent) {
        Element element = child(parent, name);
        if (element == null) {
            return absent;
        }
        String value = element.getTextContent().trim();
        return value.equals("${project.groupId}") ? GROUP : value;
    }
}
