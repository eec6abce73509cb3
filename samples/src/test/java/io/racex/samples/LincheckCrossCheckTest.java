package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.racex.Racex;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lincheck, the peer tool, must agree with racex on the in-process samples: both find each buggy
 * one, both pass each fixed one. The Lincheck side checks the same operations written as plain
 * Java fields; its model checker explores interleavings of generated two-thread scenarios
 * (fixed seed inside Lincheck's own generator, bounded invocations).
 */
class LincheckCrossCheckTest {
    @BeforeAll
    static void lincheckRunsOnThisJdk() {
        // Lincheck 2.39's bytecode tooling supports class files up to JDK 21
        assumeTrue(Runtime.version().feature() <= 21,
                "Lincheck 2.39 does not run on JDK " + Runtime.version().feature() + ": cross-check skipped");
    }

    static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(15)
                .invocationsPerIteration(300)
                .threads(2)
                .actorsPerThread(1)
                .actorsBefore(0)
                .actorsAfter(1)
                .minimizeFailedScenario(false);
    }

    /** Seed 003's accounts on plain fields; {@code a()} lets the post part observe the balance. */
    public static class Bank {
        private int a = 100;
        private int b = 200;
        private int c = 150;

        void transfer(boolean fromB, int amount) {
            int src = fromB ? b : c;
            int dst = a;
            if (src > amount) {
                a = dst + amount;
                if (fromB) {
                    b = src - amount;
                } else {
                    c = src - amount;
                }
            }
        }

        @Operation
        public void transferBtoA() {
            transfer(true, 100);
        }

        @Operation
        public void transferCtoA() {
            transfer(false, 50);
        }

        @Operation
        public int a() {
            return a;
        }
    }

    /** The fix: one lock around each transfer. */
    public static class LockedBank extends Bank {
        @Override
        synchronized void transfer(boolean fromB, int amount) {
            super.transfer(fromB, amount);
        }

        @Override
        @Operation
        public synchronized int a() {
            return super.a();
        }
    }

    public static class Counter {
        private int x;

        @Operation
        public int increment() {
            int v = x;
            x = v + 1;
            return v + 1;
        }
    }

    public static class LockedCounter {
        private int x;

        @Operation
        public synchronized int increment() {
            int v = x;
            x = v + 1;
            return v + 1;
        }
    }

    @Test
    void bothFindTheTransferLostUpdate() {
        assertTrue(Racex.explore(SampleCatalog.get("transfer-memory")).run().failed());
        assertThrows(AssertionError.class, () -> LinChecker.check(Bank.class, options()));
    }

    @Test
    void bothPassTheLockedTransfer() {
        Racex.explore(SampleCatalog.get("transfer-memory-fixed")).assertLinearizable();
        LinChecker.check(LockedBank.class, options());
    }

    @Test
    void bothFindTheCounterLostIncrement() {
        assertTrue(Racex.explore(SampleCatalog.get("counter-memory")).run().failed());
        assertThrows(AssertionError.class, () -> LinChecker.check(Counter.class, options()));
    }

    @Test
    void bothPassTheLockedCounter() {
        Racex.explore(SampleCatalog.get("counter-memory-fixed")).assertLinearizable();
        LinChecker.check(LockedCounter.class, options());
    }
}
