package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Racex;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample in the catalog keeps its promise: a buggy one is found, and its failure replays
 * to the same failure; a fixed one passes a complete search.
 */
class SampleCatalogTest {
    static Stream<String> buggy() {
        return SampleCatalog.entries().stream().filter(e -> e.buggy() && !e.name().endsWith("-N")).map(SampleCatalog.Entry::name);
    }

    static Stream<String> fixed() {
        return SampleCatalog.entries().stream().filter(e -> !e.buggy() && !e.name().endsWith("-N")).map(SampleCatalog.Entry::name);
    }

    @ParameterizedTest
    @MethodSource("buggy")
    void buggySampleIsFoundAndItsFailureReplays(String name) {
        Counterexample c = Racex.explore(SampleCatalog.get(name)).assertViolation();
        Counterexample again = Racex.replay(SampleCatalog.get(name), c.token()).counterexample()
                .orElseThrow(() -> new AssertionError(name + ": replaying " + c.token() + " passed"));
        assertEquals(c.violation().kind(), again.violation().kind(), name);
        assertEquals(c.observed(), again.observed(), name);
        assertEquals(c.execution().steps(), again.execution().steps(), name);
    }

    @ParameterizedTest
    @MethodSource("fixed")
    void fixedSamplePassesACompleteSearch(String name) {
        ExplorationResult r = Racex.explore(SampleCatalog.get(name)).assertLinearizable();
        assertTrue(r.complete(), name + ": " + r.completeness());
    }
}
