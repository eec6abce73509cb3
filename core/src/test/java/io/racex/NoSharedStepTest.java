package io.racex;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.explore.ExplorationResult;
import io.racex.store.MemoryAccess;
import org.junit.jupiter.api.Test;

/** An exploration in which no thread made a shared step is no proof, in the MemoryAccess API too. */
class NoSharedStepTest {
    static final class Plain {
        int value;
    }

    /** What a new user writes first: a plain object called inside operations, never through the handle. */
    static Scenario<MemoryAccess> untouched() {
        Plain p = new Plain();
        return Scenario.inMemory("untouched")
                .initial(s -> s.cell("x", 0))
                .thread(Operation.action("inc", m -> p.value++))
                .thread(Operation.action("inc", m -> p.value++))
                .build();
    }

    @Test
    void theResultSaysItSawNoSharedStepAndIsNotComplete() {
        ExplorationResult r = Racex.explore(untouched()).run();
        assertFalse(r.sawSharedStep());
        assertFalse(r.complete());
        assertTrue(r.completeness().startsWith("racex saw no shared step"), r.completeness());
    }

    @Test
    void assertingFailsAsASetUpError() {
        RacexException e = assertThrows(RacexException.class, () -> Racex.explore(untouched()).assertLinearizable());
        assertTrue(e.getMessage().contains("racex saw no shared step"), e.getMessage());
    }

    @Test
    void aScenarioWithSharedStepsStillProvesItsPass() {
        ExplorationResult r = Racex.explore(TestScenarios.incThenGet(Spec.LINEARIZABLE)).assertLinearizable();
        assertTrue(r.sawSharedStep() && r.complete());
    }
}
