package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Anomaly;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.FailureKind;
import io.racex.Operation;
import io.racex.Racex;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.Step;
import io.racex.store.Refusal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Lock cycles the database breaks are deadlocks, with their cycle, on every database; refusals without a cycle are not. */
class DeadlockTest {
    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void aSelectForUpdateCycleIsADeadlockWithItsCycle(String kind) {
        Database db = Databases.require(kind);
        long t0 = System.nanoTime();
        ExplorationResult r = Racex.explore(Fixtures.lockOrderForUpdate(db)).run();
        System.out.printf("%s: FOR UPDATE cycle explored in %d ms%n", kind, (System.nanoTime() - t0) / 1_000_000);
        Counterexample c = r.counterexample().orElseThrow(() -> new AssertionError("no violation: " + r.completeness()));
        // before the fix, H2's victim kept its row locks and the other thread timed out
        assertEquals(FailureKind.NOT_SERIALIZABLE, c.violation().kind(), c.violation().message());
        assertTrue(r.complete(), r.completeness());
        assertDeadlockWithCycle(c);
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void anUpdateCycleIsADeadlockWithItsCycle(String kind) {
        Database db = Databases.require(kind);
        Counterexample c = Racex.explore(Fixtures.lockOrder(db)).assertViolation();
        assertDeadlockWithCycle(c);
        Refusal refused = refusals(c.execution().steps()).get(0);
        if (kind.equals("mariadb")) {
            assertEquals("1213", refused.vendorCode());
            assertTrue(c.execution().steps().stream().anyMatch(s -> String.valueOf(s.value()).contains("40001 (mariadb 1213)")),
                    c.execution().steps().toString());
            assertTrue(c.observed().results().values().stream().anyMatch(o -> o.isException()
                    && o.message().contains("(SQLSTATE 40001, error 1213)")), c.observed().toString());
        } else {
            assertEquals("", refused.vendorCode());
        }
    }

    /** On H2 a refused concurrent update says "Deadlock detected" too, but no lock cycle is involved. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aSerializationFailureIsNoDeadlock(String kind) {
        Database db = Databases.require(kind);
        Operation<Connection> add = Operation.action("add(1)", c -> {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            int balance;
            try (PreparedStatement s = c.prepareStatement("SELECT balance FROM account WHERE id = 1"); ResultSet r = s.executeQuery()) {
                r.next();
                balance = r.getInt(1);
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = ? WHERE id = 1")) {
                u.setInt(1, balance + 1);
                u.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        });
        Scenario<Connection> s = Scenario.<Connection>on("read-then-write", () -> Fixtures.accountStore(db).build())
                .thread(add).thread(add).spec(Spec.SERIALIZABLE).build();
        Counterexample c = Racex.explore(s).assertViolation();
        List<Refusal> refused = refusals(c.execution().steps());
        assertEquals(1, refused.size(), c.execution().steps().toString());
        assertEquals(Refusal.Kind.SERIALIZATION_FAILURE, refused.get(0).refusal());
        assertTrue(c.anomaly().map(a -> !a.name().equals("deadlock")).orElse(true), c.anomaly().toString());
    }

    private static void assertDeadlockWithCycle(Counterexample c) {
        Anomaly a = c.anomaly().orElseThrow(() -> new AssertionError("no anomaly named"));
        assertEquals("deadlock", a.name(), a.explanation());
        assertTrue(a.explanation().contains("T1 waits for T2") && a.explanation().contains("T2 waits for T1"), a.explanation());
        List<Refusal> refused = refusals(c.execution().steps());
        assertEquals(1, refused.size(), c.execution().steps().toString());
        assertEquals(Refusal.Kind.DEADLOCK, refused.get(0).refusal());
        assertEquals(2, refused.get(0).cycle().size(), refused.get(0).cycle().toString());
    }

    private static List<Refusal> refusals(List<Step> steps) {
        return steps.stream().filter(s -> s.value() instanceof Refusal).map(s -> (Refusal) s.value()).toList();
    }
}
