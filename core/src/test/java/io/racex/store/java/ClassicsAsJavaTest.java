package io.racex.store.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.store.java.examples.Classics;
import io.racex.store.java.instrument.InstrumentingClassLoader;
import io.racex.strategy.Dpor;
import io.racex.testing.Traces;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * lastzero and readers written as plain Java ({@link Classics}), instrumented by racex's class
 * loader: optimal DPOR runs exactly as many executions as on the in-memory store (2, 5, 12, 28,
 * 64 for lastzero-1..5; 2^N for readers-N), each a different trace.
 */
class ClassicsAsJavaTest {
    private static final InstrumentingClassLoader LOADER = InstrumentingClassLoader.forClass(Classics.class);

    static Scenario<JavaThread> scenario(String method, int n) throws Exception {
        Method m = LOADER.loadClass(Classics.class.getName()).getMethod(method, int.class);
        return JavaStore.test(method + "-" + n, "", Object::new, LOADER::resetStatics, new JavaStore.NamedCode(method, t -> {
            try {
                return m.invoke(null, n);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }), n + 1, new JavaStore.Slots(), s -> {});
    }

    static int traces(Scenario<?> s) {
        List<String> explored = Traces.run(s, new Dpor(), 10_000);
        assertEquals(explored.size(), new HashSet<>(explored).size(), "a trace ran twice in " + s.name());
        return explored.size();
    }

    @Test
    void lastzeroInJavaHasTheTraceCountsOfTheInMemoryStore() throws Exception {
        int[] classic = {2, 5, 12, 28, 64};
        for (int n = 1; n <= 5; n++) {
            assertEquals(classic[n - 1], traces(TestScenarios.lastzero(n)), "in memory, lastzero-" + n);
            assertEquals(classic[n - 1], traces(scenario("lastzero", n)), "in Java, lastzero-" + n);
        }
    }

    @Test
    void readersInJavaHave2ToTheNTraces() throws Exception {
        for (int n = 1; n <= 5; n++) {
            assertEquals(1 << n, traces(scenario("readers", n)), "in Java, readers-" + n);
        }
    }
}
