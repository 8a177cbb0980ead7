package io.quicroam.cli.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classes keep to {@link Modules}: no module's main code uses a class of a module it may not use (a POM can
 * reach a module transitively; this catches the use). cli's test classpath holds every module's main classes.
 */
class ModuleClassDependencyTest {
    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.quicroam");

    @Test
    void noModuleUsesAModuleItMayNot() {
        List<ArchRule> rules = new ArrayList<>();
        for (Modules.Module module : Modules.all()) {
            String[] forbidden = Modules.all().stream()
                    .filter(other -> other != module && !module.mayUse(other.name(), false))
                    .map(other -> other.rootPackage() + "..")
                    .toArray(String[]::new);
            if (forbidden.length > 0) {
                rules.add(noClasses()
                        .that()
                        .resideInAPackage(module.rootPackage() + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(forbidden)
                        .as(module.name() + " uses only the modules it may")
                        // A module in the table need not exist yet (testkit is being created), and a test-only one
                        // (interop) has no main classes; one with main code has classes, and a rule that matched
                        // none would prove nothing.
                        .allowEmptyShould(!hasMainCode(module)));
            }
            module.onlyPackages().forEach((otherName, packages) -> {
                Modules.Module other = Modules.named(otherName).orElseThrow();
                DescribedPredicate<JavaClass> outsideAllowed = resideInAPackage(other.rootPackage() + "..")
                        .and(not(resideInAnyPackage(
                                packages.stream().map(p -> p + "..").toArray(String[]::new))));
                rules.add(noClasses()
                        .that()
                        .resideInAPackage(module.rootPackage() + "..")
                        .should()
                        .dependOnClassesThat(outsideAllowed)
                        .as(module.name() + " uses only " + packages + " of " + otherName)
                        .allowEmptyShould(!hasMainCode(module)));
            });
        }
        // One composite, so a run names every module that strays, not only the first.
        CompositeArchRule.of(rules)
                .as("every module uses only the modules it may")
                .check(MAIN_CLASSES);
    }

    private static boolean hasMainCode(Modules.Module module) {
        return Files.isDirectory(Path.of("..", module.name(), "src", "main"));
    }

    /**
     * masque is the wire protocol and nothing else: bytes in, messages out. It may read and write netty's ByteBuf,
     * but no channel, pipeline, QUIC or HTTP/3 class, no socket, file, thread or executor: whatever does I/O or waits
     * lives in transport, agent or gateway, and masque is tested with bytes alone, no event loop. (Time, where a rule
     * needs it, is passed in: a caller's value or supplier.)
     */
    @Test
    void masqueIsIoFree() {
        classes()
                .that()
                .resideInAPackage("io.quicroam.masque..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.quicroam.masque..", "io.netty.buffer..", "io.netty.util", "java..")
                .check(MAIN_CLASSES);
        noClasses()
                .that()
                .resideInAPackage("io.quicroam.masque..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.nio.channels..", "java.nio.file..", "java.net.http..")
                .orShould()
                .dependOnClassesThat()
                .haveNameMatching("java\\.net\\..*Socket.*|java\\.io\\.File.*|java\\.lang\\.Thread|java\\.util\\.Timer"
                        + "|java\\.util\\.concurrent\\..*(Executor|ThreadFactory|ForkJoinPool).*")
                .check(MAIN_CLASSES);
    }
}
