package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Scenario;
import io.racex.ExplorationResult;
import io.racex.engine.Explorer;
import io.racex.Options;
import io.racex.strategy.Dpor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The published trace counts of the classic benchmarks: exhaustive DPOR must run exactly that many executions. */
class ClassicsTest {
    @ParameterizedTest(name = "{0} has {1} traces")
    @CsvSource({
        "lastzero-1, 2", "lastzero-2, 5", "lastzero-3, 12", "lastzero-4, 28", "lastzero-5, 64",
        "readers-1, 2", "readers-3, 8", "readers-6, 64",
        "file-system-2, 1", "file-system-13, 1", "file-system-14, 2", "file-system-16, 8"
    })
    void exhaustiveDporRunsOneExecutionPerTrace(String name, long traces) {
        Scenario<?> s = SampleCatalog.get(name);
        Dpor dpor = new Dpor();
        ExplorationResult r = new Explorer(Options.defaults()).explore(s, dpor);
        assertTrue(r.complete(), r.completeness());
        assertFalse(r.failed(), "the classics have no bug");
        assertEquals(traces, r.schedules());
        assertEquals(0, dpor.sleepBlocked(), "optimal DPOR never starts an execution it then abandons");
        assertEquals(0, dpor.divergences());
        assertEquals("complete: " + traces + " executions = " + traces + " traces", r.completeness().substring(0, r.completeness().indexOf(" (")));
    }
}
