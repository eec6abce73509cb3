package io.racex.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the compiled classes of every module (this
 * module's test class path holds core, samples and the CLI), so the shape cannot rot silently.
 */
class PackageRulesTest {
    private static JavaClasses racex;

    @BeforeAll
    static void importClasses() {
        // the rules are about what ships: not test classes, neither from test-classes folders nor
        // from a module's test jar (core's shared test helpers are on this module's test class path)
        racex = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("io.racex");
    }

    /** One slice per package (the root included, which "io.racex.(**)" would leave out). */
    private static final SliceAssignment BY_PACKAGE = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            return c.getPackageName().startsWith("io.racex") ? SliceIdentifier.of(c.getPackageName()) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "racex packages";
        }
    };

    @Test
    void noPackageCycles() {
        slices().assignedFrom(BY_PACKAGE).should().beFreeOfCycles().check(racex);
    }

    @Test
    void theApiDependsOnNothingInternal() {
        classes().that().resideInAPackage("io.racex")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.racex", "io.racex.store", "java..")
                .because("users import io.racex; the engine is found at run time (Engine), so it can change freely")
                .check(racex);
    }

    @Test
    void storesDoNotKnowEachOther() {
        String[] stores = {"io.racex.store.memory..", "io.racex.store.jdbc..", "io.racex.store.java.."};
        for (String s : stores) {
            for (String other : stores) {
                if (!s.equals(other)) {
                    noClasses().that().resideInAPackage(s).should().dependOnClassesThat().resideInAPackage(other).check(racex);
                }
            }
        }
    }

    @Test
    void theEngineKnowsStoresOnlyByTheirInterface() {
        noClasses().that().resideInAnyPackage("io.racex.engine..", "io.racex.strategy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.racex.store.memory..", "io.racex.store.jdbc..",
                        "io.racex.store.java..", "io.racex.report..")
                .check(racex);
    }

    @Test
    void strategiesDoNotKnowTheEngine() {
        noClasses().that().resideInAPackage("io.racex.strategy..")
                .should().dependOnClassesThat().resideInAPackage("io.racex.engine..").check(racex);
    }

    @Test
    void nothingDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("io.racex.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.racex.cli..").check(racex);
    }

    @Test
    void samplesUseTheApiAndStoresOnly() {
        noClasses().that().resideInAPackage("io.racex.samples..")
                .should().dependOnClassesThat().resideInAnyPackage("io.racex.engine..", "io.racex.strategy..")
                .check(racex);
    }
}
