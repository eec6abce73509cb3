package io.racex.store.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.Scenario;
import io.racex.strategy.Dpor;
import io.racex.testing.Traces;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classic trace counts, with lastzero and readers written as Java code (instrumented by hand,
 * see {@link Hand}) rather than against the in-memory store: footprints of object identity plus
 * array index must make optimal DPOR run exactly as many executions as on {@code MemoryStore}, in
 * both forms (threads given as operations, and a test body that starts and joins threads).
 */
class JavaStoreTraceCountTest {
    private static final int SCAN = Hand.site("LastZero.java", 10);
    private static final int FILL = Hand.site("LastZero.java", 20);
    private static final int START = Hand.site("LastZero.java", 30);
    private static final int X = Hand.field("Readers", "x");

    static int scan(int[] a, int n) {
        int i = n;
        while (Hand.aload(a, i, SCAN) != 0) {
            i--;
        }
        return i;
    }

    static void fill(int[] a, int j) {
        Hand.astore(a, j, Hand.aload(a, j - 1, FILL) + 1, FILL);
    }

    static Scenario<JavaThread> lastzeroOperations(int n) {
        List<List<JavaStore.NamedCode>> threads = new ArrayList<>();
        threads.add(List.of(new JavaStore.NamedCode("scan", a -> scan((int[]) a, n))));
        for (int j = 1; j <= n; j++) {
            int jj = j;
            threads.add(List.of(new JavaStore.NamedCode("fill " + j, a -> {
                fill((int[]) a, jj);
                return null;
            })));
        }
        return JavaStore.operations("lastzero-" + n, "", () -> new int[n + 1], () -> {}, threads, 0, new JavaStore.Slots());
    }

    static Scenario<JavaThread> lastzeroThreads(int n) {
        return JavaStore.test("lastzero-" + n, "", Object::new, () -> {}, new JavaStore.NamedCode("body", target -> {
            int[] a = new int[n + 1];
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> scan(a, n)));
            for (int j = 1; j <= n; j++) {
                int jj = j;
                threads.add(new Thread(() -> fill(a, jj)));
            }
            for (Thread t : threads) {
                Hand.start(t, START);
            }
            for (Thread t : threads) {
                Hand.join(t, START);
            }
            return null;
        }), n + 1, new JavaStore.Slots(), s -> {});
    }

    static Scenario<JavaThread> readersThreads(int n) {
        return JavaStore.test("readers-" + n, "", Object::new, () -> {}, new JavaStore.NamedCode("body", target -> {
            int[] x = new int[1];
            Object cell = new Object();
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> Hand.putInt(cell, X, FILL, 1, v -> x[0] = v)));
            for (int r = 1; r <= n; r++) {
                threads.add(new Thread(() -> Hand.getInt(cell, X, SCAN, () -> x[0])));
            }
            for (Thread t : threads) {
                Hand.start(t, START);
            }
            for (Thread t : threads) {
                Hand.join(t, START);
            }
            return null;
        }), n + 1, new JavaStore.Slots(), s -> {});
    }

    private static int traces(Scenario<JavaThread> s) {
        List<String> explored = Traces.run(s, new Dpor(), 10_000);
        assertEquals(explored.size(), new HashSet<>(explored).size(), "a trace ran twice in " + s.name());
        return explored.size();
    }

    @Test
    void lastzeroAsOperationsHasTheClassicTraceCounts() {
        int[] expected = {2, 5, 12, 28, 64};
        for (int n = 1; n <= 5; n++) {
            assertEquals(expected[n - 1], traces(lastzeroOperations(n)), "lastzero-" + n);
        }
    }

    @Test
    void lastzeroStartingThreadsHasTheClassicTraceCounts() {
        int[] expected = {2, 5, 12, 28, 64};
        for (int n = 1; n <= 5; n++) {
            assertEquals(expected[n - 1], traces(lastzeroThreads(n)), "lastzero-" + n);
        }
    }

    @Test
    void readersStartingThreadsHave2ToTheNTraces() {
        for (int n = 1; n <= 5; n++) {
            assertEquals(1 << n, traces(readersThreads(n)), "readers-" + n);
        }
    }
}
