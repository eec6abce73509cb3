package io.racex.store.java.examples;

import io.racex.Linearizability;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Gen;
import io.racex.Racex;
import io.racex.RacexException;
import io.racex.ExplorationResult;
import org.junit.jupiter.api.Test;

/** {@code Racex.linearizability} (and {@code Linearizability.of}) on real classes; this test class lives in the package racex instruments for it. */
class LinearizabilityTest {
    @Test
    void findsTheCheckThenActWithdrawWithTwoOperations() {
        Linearizability.Result r = Racex.linearizability(() -> new BankAccount(100))
                .operation("deposit", BankAccount::deposit, Gen.ints(1, 100))
                .operation("withdraw", BankAccount::withdraw, Gen.ints(1, 150))
                .operation("balance", BankAccount::balance)
                .check();
        ExplorationResult f = r.failure().orElseThrow();
        int ops = f.scenario().threads().stream().mapToInt(t -> t.operations().size()).sum();
        assertEquals(2, ops, r.report());
        assertTrue(r.report().contains("(seed 1)"), r.report());
        assertTrue(r.report().contains("BankAccount linearizability"), "named after the class under test: " + r.report());
        assertTrue(r.report().contains("BankAccount.balance (BankAccount.java:"), r.report());
        assertTrue(r.report().contains("@Replay(\"v1:"), r.report());
    }

    @Test
    void theSynchronizedAccountIsLinearizable() {
        Linearizability.Result r = Racex.linearizability(() -> new SafeBankAccount(100))
                .operation("deposit", SafeBankAccount::deposit, Gen.ints(1, 100))
                .operation("withdraw", SafeBankAccount::withdraw, Gen.ints(1, 150))
                .operation("balance", SafeBankAccount::balance)
                .scenarios(5)
                .assertLinearizable();
        assertTrue(r.complete(), r.report());
        Linearizability.Result three = Linearizability.of(() -> new SafeBankAccount(100))
                .operation("deposit", SafeBankAccount::deposit, Gen.ints(1, 100))
                .operation("withdraw", SafeBankAccount::withdraw, Gen.ints(1, 150))
                .threads(3)
                .operationsPerThread(1)
                .scenarios(3)
                .assertLinearizable();
        assertTrue(three.complete() && three.executions() >= 3 * 6, three.report());
    }

    @Test
    void anExplicitScenarioOfTwoWithdrawalsOverdraws() {
        Linearizability.Result r = Racex.linearizability(() -> new BankAccount(100))
                .thread(a -> a.withdraw(80))
                .thread(a -> a.withdraw(50))
                .check();
        assertTrue(r.report().contains("> withdraw(80)"), r.report());
        assertTrue(r.report().contains("not linearizable"), r.report());
    }

    @Test
    void anOperationTouchingNothingSharedIsNoProof() {
        RacexException e = assertThrows(RacexException.class, () -> Linearizability.of(() -> "constant")
                .operation("length", String::length)
                .assertLinearizable());
        assertTrue(e.getMessage().contains("racex saw no shared step"), e.getMessage());
    }
}
