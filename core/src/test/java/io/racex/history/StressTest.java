package io.racex.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.RacexException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stress mode on real classes and real threads: the check-then-act withdrawal is caught, the
 * synchronized one passes. The race needs both threads between the check and the update at once;
 * {@link BankAccount#withdraw} yields there to widen that window. On the 2-core development machine,
 * busy, the first violation came in round 1 to 13 (8 seeds); 20,000 rounds (at most 20 s) make
 * missing it vanishingly unlikely (the run stops at the first).
 */
class StressTest {
    static final Model<?> ACCOUNT = Models.bank(Map.of("acct", 100L));

    /** A plain class with a check-then-act race. */
    static final class BankAccount {
        private long balance;

        BankAccount(long balance) {
            this.balance = balance;
        }

        boolean withdraw(long amount) {
            if (balance >= amount) {
                Thread.yield(); // the race window: another withdrawal may pass the check here too
                balance -= amount;
                return true;
            }
            return false;
        }

        long balance() {
            return balance;
        }
    }

    /** The fix. */
    static final class SynchronizedBankAccount {
        private long balance;

        SynchronizedBankAccount(long balance) {
            this.balance = balance;
        }

        synchronized boolean withdraw(long amount) {
            if (balance >= amount) {
                Thread.yield();
                balance -= amount;
                return true;
            }
            return false;
        }

        synchronized long balance() {
            return balance;
        }
    }

    @Test
    void findsTheCheckThenActWithdrawal() {
        StressResult r = Stress.of(() -> new BankAccount(100))
                .operation("withdraw", (a, args) -> a.withdraw(60), "acct", 60)
                .operation("balance", (a, args) -> a.balance(), "acct")
                .threads(2).operationsPerThread(2).rounds(20_000).timeLimit(Duration.ofSeconds(20))
                .check(ACCOUNT);
        assertFalse(r.passed(), r.report());
        CheckResult v = r.violation().orElseThrow();
        assertEquals(Verdict.NOT_LINEARIZABLE, v.verdict());
        AssertionError e = assertThrows(AssertionError.class, r::assertLinearizable);
        assertTrue(e.getMessage().startsWith("stress: VIOLATION in round " + r.rounds()), e.getMessage());
        assertTrue(e.getMessage().contains("withdraw(\"acct\", 60) -> true"), e.getMessage());
    }

    @Test
    void passesTheSynchronizedWithdrawal() {
        StressResult r = Stress.of(() -> new SynchronizedBankAccount(100))
                .operation("withdraw", (a, args) -> a.withdraw(60), "acct", 60)
                .operation("balance", (a, args) -> a.balance(), "acct")
                .threads(2).operationsPerThread(2).rounds(2_000).timeLimit(Duration.ofSeconds(5))
                .check(ACCOUNT);
        assertTrue(r.passed(), r.report());
        assertTrue(r.rounds() > 0);
        assertEquals(r.rounds() * 4, r.operations());
        r.assertLinearizable();
    }

    @Test
    void argumentsCanBeDrawnAtRandomAndExceptionsLeaveTheCallPending() {
        StressResult r = Stress.of(() -> new SynchronizedBankAccount(1_000))
                .operation("withdraw", rnd -> List.of("acct", (long) rnd.nextInt(1, 50)), (a, args) -> a.withdraw((Long) args.get(1)))
                .operation("withdraw", (a, args) -> {
                    throw new IllegalStateException("timed out");
                }, "acct", 1)
                .threads(3).operationsPerThread(3).rounds(200).check(Models.bank(Map.of("acct", 1_000L)));
        assertTrue(r.passed(), r.report());
        assertTrue(r.exceptions() > 0);
    }

    @Test
    void aRoundThatNeverEndsIsReportedNotWaitedForForever() {
        CountDownLatch never = new CountDownLatch(1);
        RacexException e = assertThrows(RacexException.class, () -> Stress.of(() -> never)
                .operation("await", (l, args) -> {
                    l.await();
                    return null;
                })
                .timeLimit(Duration.ofMillis(100)).check(Models.counter()));
        assertTrue(e.getMessage().contains("did not finish in time"), e.getMessage());
    }

    @Test
    void theRecorderWritesJsonLinesThatReadBackToTheSameHistory(@TempDir Path dir) throws Exception {
        HistoryRecorder rec = new HistoryRecorder();
        BankAccount acct = new BankAccount(100);
        Thread t1 = new Thread(() -> rec.call("t1", "withdraw", "acct", 60).ok(acct.withdraw(60)));
        Thread t2 = new Thread(() -> {
            HistoryRecorder.Call c = rec.call("t2", "deposit", "acct", 5);
            c.info();
        });
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        rec.call("main", "balance", "acct").ok(acct.balance());
        Path file = dir.resolve("run.jsonl");
        rec.writeJsonLines(file);
        History back = HistoryReader.read(file);
        History h = rec.history();
        assertEquals(h.size(), back.size());
        for (int i = 0; i < h.size(); i++) {
            Operation a = h.operations().get(i);
            Operation b = back.operations().get(i);
            assertEquals(List.of(a.client(), a.name(), a.args(), a.pending(), a.call(), a.ret()),
                    List.of(b.client(), b.name(), b.args(), b.pending(), b.call(), b.ret()));
            assertEquals(a.result(), b.result());
        }
        assertTrue(Files.readString(file).contains("\"type\":\"call\""));
        assertTrue(Linearizability.check(back, ACCOUNT).linearizable());
    }
}
