package io.racex.engine;

import io.racex.Anomaly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.OpResult;
import io.racex.Step;
import io.racex.store.Footprint;
import io.racex.store.StepKind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each anomaly on a hand-built history; threads are given 1-based as reports show them. */
class AnomalyTest {
    /** Builds a history step by step. */
    static final class H {
        final List<Step> steps = new ArrayList<>();

        H add(int thread, StepKind kind, String target, Set<String> reads, Set<String> writes, Object value) {
            steps.add(new Step(steps.size(), thread - 1, 0, kind, target, new Footprint(reads, writes), value, false));
            return this;
        }

        H read(int thread, String x, Object value) {
            return add(thread, StepKind.READ, x, Set.of(x), Set.of(), value);
        }

        H write(int thread, String x, Object value) {
            return add(thread, StepKind.WRITE, x, Set.of(), Set.of(x), value);
        }

        H query(int thread, String sql, String table, Object rows) {
            return add(thread, StepKind.QUERY, sql, Set.of(table), Set.of(), rows);
        }

        H update(int thread, String sql, String table, Object count) {
            return add(thread, StepKind.UPDATE, sql, Set.of(table), Set.of(table), count);
        }

        H commit(int thread) {
            return add(thread, StepKind.COMMIT, "COMMIT", Set.of(), Set.of(), null);
        }

        H rollback(int thread) {
            return add(thread, StepKind.ROLLBACK, "ROLLBACK", Set.of(), Set.of(), null);
        }

        H config(int thread) {
            return add(thread, StepKind.CONFIG, "setAutoCommit(false)", Set.of(), Set.of(), null);
        }

        Optional<Anomaly> classify() {
            return Anomaly.classify(steps);
        }

        String name() {
            return classify().map(Anomaly::name).orElse("none");
        }

        /** As at READ UNCOMMITTED: a read after another transaction's uncommitted write saw it. */
        Optional<Anomaly> classifyDirty() {
            return Anomaly.classify(steps, true);
        }

        String nameDirty() {
            return classifyDirty().map(Anomaly::fullName).orElse("none");
        }
    }

    static final String SELECT = "SELECT msg FROM message WHERE time = '2009-01-01 00:00:00'";
    static final String UPDATE = "UPDATE message SET msg = ? WHERE time = '2009-01-01 00:00:00'";

    @Test
    void namesTheLostUpdateOfTwoReadModifyWrites() {
        H h = new H().read(1, "a", 100).read(2, "a", 100).write(1, "a", 200).write(2, "a", 150);
        Anomaly a = h.classify().orElseThrow();
        assertEquals("lost update", a.name());
        assertEquals("T2 read a (step 2), T1 then wrote it (step 3), and T2's write (step 4) overwrote that write without seeing it",
                a.explanation());
    }

    @Test
    void namesTheSqlLostUpdateOfFindAndUpdateEvenWhenTheSecondUpdateWaited() {
        H h = new H().config(1).config(2).query(1, SELECT, "message", "msg a").query(2, SELECT, "message", "msg a")
                .update(1, UPDATE, "message", 1).commit(1).update(2, UPDATE, "message", 1).commit(2);
        assertEquals("lost update", h.name());
        assertTrue(h.classify().orElseThrow().explanation().startsWith("T2 read message (step 4), T1 then wrote it (step 5)"));
    }

    @Test
    void namesTheLostUpdateOfAReadThatDidNotSeeAnUncommittedWrite() {
        // READ COMMITTED: T2 reads the committed 'msg a' while T1's update is uncommitted, then overwrites it
        H h = new H().config(1).query(1, SELECT, "message", "msg a").update(1, UPDATE, "message", 1)
                .config(2).query(2, SELECT, "message", "msg a").commit(1).update(2, UPDATE, "message", 1).commit(2);
        Anomaly a = h.classify().orElseThrow();
        assertEquals("lost update", a.name());
        assertEquals("T2 read message (step 5) while T1's write of it (step 3) was uncommitted, and T2's write (step 7) "
                + "overwrote that write, committed in between (step 6), without seeing it", a.explanation());
        H rolledBack = new H().config(1).update(1, UPDATE, "message", 1).query(2, SELECT, "message", "msg a").rollback(1)
                .update(2, UPDATE, "message", 1);
        assertEquals("dirty read, G1a", rolledBack.nameDirty(), "T1's write never took effect, so nothing was lost");
        assertEquals("none", rolledBack.name(), "reading committed data, T2 read the value before T1's write: no pattern");
    }

    @Test
    void findsNoLostUpdateWhenTheOverwrittenWriteWasRolledBackOrFailed() {
        H rolledBack = new H().query(1, SELECT, "message", "msg a").query(2, SELECT, "message", "msg a")
                .update(2, UPDATE, "message", 1).rollback(2).update(1, UPDATE, "message", 1).commit(1);
        assertEquals("none", rolledBack.name());
        H failed = new H().query(1, SELECT, "message", "msg a").query(2, SELECT, "message", "msg a")
                .update(2, UPDATE, "message", new OpResult(null, SQLException.class.getName(), "could not serialize"))
                .update(1, UPDATE, "message", 1);
        assertEquals("none", failed.name());
    }

    @Test
    void findsNothingInASerialHistory() {
        H h = new H().read(1, "a", 100).write(1, "a", 200).read(2, "a", 200).write(2, "a", 250);
        assertEquals(Optional.empty(), h.classify());
    }

    @Test
    void namesWriteSkewWhenEachWritesWhatTheOtherRead() {
        // two doctors on call; each checks the other is on call, then goes off call himself
        H h = new H().config(1).config(2)
                .add(1, StepKind.QUERY, "SELECT on_call FROM doctor WHERE name = 'bob'", Set.of("doctor#bob"), Set.of(), true)
                .add(2, StepKind.QUERY, "SELECT on_call FROM doctor WHERE name = 'alice'", Set.of("doctor#alice"), Set.of(), true)
                .add(1, StepKind.UPDATE, "UPDATE doctor SET on_call = false WHERE name = 'alice'", Set.of("doctor#alice"),
                        Set.of("doctor#alice"), 1)
                .add(2, StepKind.UPDATE, "UPDATE doctor SET on_call = false WHERE name = 'bob'", Set.of("doctor#bob"),
                        Set.of("doctor#bob"), 1)
                .commit(1).commit(2);
        Anomaly a = h.classify().orElseThrow();
        assertEquals("write skew", a.name());
        assertEquals("T1 read doctor#bob (step 3) and T2 read doctor#alice (step 4); then T1 wrote doctor#alice (step 5) "
                + "and T2 wrote doctor#bob (step 6), each deciding on what the other was changing", a.explanation());
    }

    @Test
    void namesTheDirtyReadOfAWriteThatWasRolledBack() {
        H h = new H().config(1).config(2).update(1, "UPDATE account SET balance = 0 WHERE id = 1", "account", 1)
                .query(2, "SELECT balance FROM account WHERE id = 1", "account", 0).rollback(1).commit(2);
        Anomaly a = h.classifyDirty().orElseThrow();
        assertEquals("dirty read, G1a", a.fullName());
        assertEquals(Optional.empty(), h.classify(), "at READ COMMITTED T2 read the committed value: nothing dirty");
        assertEquals("T2 read account (step 4) while T1's write of it (step 3) was uncommitted, and T1 then rolled back "
                + "(step 5): T2 saw data that never existed", a.explanation());
    }

    @Test
    void namesTheDirtyReadOfAnIntermediateValue() {
        H h = new H().config(1).update(1, "UPDATE account SET balance = balance - 100 WHERE id = 1", "account", 1)
                .query(2, "SELECT SUM(balance) FROM account", "account", 350)
                .update(1, "UPDATE account SET balance = balance + 100 WHERE id = 2", "account", 1).commit(1);
        Anomaly a = h.classifyDirty().orElseThrow();
        assertEquals("dirty read, G1b", a.fullName());
        assertTrue(a.explanation().startsWith("T2 read account (step 3) between two writes of it by one transaction of T1"),
                a.explanation());
    }

    @Test
    void namesTheNonRepeatableReadOfOneTransaction() {
        String q = "SELECT balance FROM account WHERE id = 1";
        H h = new H().config(1).query(1, q, "account", 100)
                .update(2, "UPDATE account SET balance = 50 WHERE id = 1", "account", 1)
                .query(1, q, "account", 50).commit(1);
        Anomaly a = h.classify().orElseThrow();
        assertEquals("non-repeatable read", a.name());
        assertEquals("T1 read account twice in one transaction (steps 2 and 4) and got 100 then 50, because T2 committed "
                + "a write of it in between (step 3)", a.explanation());
    }

    @Test
    void namesThePhantomOfAnInsertBetweenTwoCounts() {
        String q = "SELECT COUNT(*) FROM product WHERE sku = 'UNIQUE-123'";
        H h = new H().config(1).config(2).query(1, q, "product", 0L)
                .add(2, StepKind.UPDATE, "INSERT INTO product VALUES ('UNIQUE-123')", Set.of(), Set.of("product"), 1).commit(2)
                .query(1, q, "product", 1L).commit(1);
        assertEquals("phantom", h.name());
    }

    @Test
    void findsNoRereadAnomalyWithoutATransactionOrWhenTheValueDidNotChange() {
        String q = "SELECT balance FROM account WHERE id = 1";
        H autoCommit = new H().query(1, q, "account", 100).update(2, "UPDATE account SET balance = 50", "account", 1)
                .query(1, q, "account", 50);
        assertEquals("none", autoCommit.name());
        H same = new H().query(1, q, "account", 100).update(2, "UPDATE account SET balance = 100", "account", 1)
                .query(1, q, "account", 100).commit(1);
        assertEquals("none", same.name());
    }

    @Test
    void namesTheDirtyReadOfAValueSeenBeforeItsWriterCommitted() {
        String q = "SELECT balance FROM account WHERE id = 1";
        H h = new H().config(2).query(1, q, "account", 100).update(2, "UPDATE account SET balance = 50", "account", 1)
                .query(1, q, "account", 50).commit(2);
        Anomaly a = h.classify().orElseThrow();
        assertEquals("dirty read", a.name());
        assertEquals("T1 read account twice (steps 2 and 4) and got 100 then 50, while T2's write of it (step 3) was still "
                + "uncommitted", a.explanation());
    }

    @Test
    void namesTheCheckThenInsertRaceAWriteSkewNotALostUpdate() {
        String check = "SELECT COUNT(*) FROM product WHERE sku = 'UNIQUE-123'";
        String insert = "INSERT INTO product (sku, name) VALUES ('UNIQUE-123', 'Test Product')";
        H h = new H().query(1, check, "product", 0L).query(2, check, "product", 0L)
                .add(1, StepKind.UPDATE, insert, Set.of(), Set.of("product"), 1)
                .add(2, StepKind.UPDATE, insert, Set.of(), Set.of("product"), 1)
                .query(3, check, "product", 2L);
        Anomaly a = h.classify().orElseThrow();
        assertEquals("write skew", a.name());
        assertEquals("T1 and T2 each read product (steps 1 and 2) and then inserted into it (steps 3 and 4): each insert "
                + "changed what the other's read would have found (a phantom), and both went ahead", a.explanation());
        H refused = new H().query(1, check, "product", 0L).query(2, check, "product", 0L)
                .add(1, StepKind.UPDATE, insert, Set.of(), Set.of("product"), 1)
                .add(2, StepKind.UPDATE, insert, Set.of(), Set.of("product"), "error 23505: Unique index or primary key violation");
        assertEquals("none", refused.name(), "a refused insert (the JDBC store renders its error as text) changed nothing");
    }

    @Test
    void namesTheCheckThenInsertRaceOfTwoTransactionsThatCouldNotSeeEachOthersInsert() {
        // READ COMMITTED: T2 checks after T1's insert, but T1 has not committed it yet
        String check = "SELECT MIN(id) FROM payment WHERE idempotency_key = 'k-1'";
        String insert = "INSERT INTO payment (id, idempotency_key, amount) VALUES (1, 'k-1', 100)";
        H h = new H().config(1).query(1, check, "payment", null).add(1, StepKind.UPDATE, insert, Set.of(), Set.of("payment"), 1)
                .config(2).query(2, check, "payment", null)
                .add(2, StepKind.UPDATE, insert.replace("(1,", "(2,"), Set.of(), Set.of("payment"), 1).commit(1).commit(2);
        assertEquals("write skew", h.name());
        H seen = new H().query(1, check, "payment", null).add(1, StepKind.UPDATE, insert, Set.of(), Set.of("payment"), 1)
                .query(2, check, "payment", 1).add(2, StepKind.UPDATE, insert, Set.of(), Set.of("payment"), 1);
        assertEquals("none", seen.name(), "T2 saw T1's committed insert and inserted anyway: not a race");
    }

    @Test
    void namesWriteSkewOfSnapshotReadsThatMissedUncommittedWrites() {
        H h = new H().config(1).config(2)
                .add(1, StepKind.QUERY, "SELECT on_call FROM doctor WHERE name = 'bob'", Set.of("doctor#bob"), Set.of(), true)
                .add(1, StepKind.UPDATE, "UPDATE doctor SET on_call = false WHERE name = 'alice'", Set.of("doctor#alice"),
                        Set.of("doctor#alice"), 1)
                .add(2, StepKind.QUERY, "SELECT on_call FROM doctor WHERE name = 'alice'", Set.of("doctor#alice"), Set.of(), true)
                .add(2, StepKind.UPDATE, "UPDATE doctor SET on_call = false WHERE name = 'bob'", Set.of("doctor#bob"),
                        Set.of("doctor#bob"), 1)
                .commit(1).commit(2);
        assertEquals("write skew", h.name());
    }

    private static final String ALICE = Footprint.part("doctors", "name", "'alice'");
    private static final String BOB = Footprint.part("doctors", "name", "'bob'");

    /** The doctors with row footprints: predicate reads of the table, updates of two different rows. */
    @Test
    void namesTheDoctorsOnRowsAWriteSkewG2ItemNotALostUpdate() {
        H h = new H().config(1).config(2)
                .query(1, "SELECT COUNT(*) FROM doctors WHERE on_call", "doctors", 2)
                .query(2, "SELECT COUNT(*) FROM doctors WHERE on_call", "doctors", 2)
                .add(1, StepKind.UPDATE, "UPDATE doctors SET on_call = FALSE WHERE name = 'alice'", Set.of(), Set.of(ALICE), 1)
                .commit(1)
                .add(2, StepKind.UPDATE, "UPDATE doctors SET on_call = FALSE WHERE name = 'bob'", Set.of(), Set.of(BOB), 1)
                .commit(2);
        Anomaly a = h.classify().orElseThrow();
        assertEquals("write skew", a.name());
        assertEquals("G2-item", a.adya());
        assertEquals("write skew, G2-item", a.fullName());
    }

    @Test
    void namesALostUpdateOnlyWhenBothWriteTheSameRow() {
        H same = new H()
                .add(1, StepKind.QUERY, "SELECT", Set.of(ALICE), Set.of(), 1)
                .add(2, StepKind.QUERY, "SELECT", Set.of(ALICE), Set.of(), 1)
                .add(2, StepKind.UPDATE, "UPDATE", Set.of(), Set.of(ALICE), 1)
                .add(1, StepKind.UPDATE, "UPDATE", Set.of(), Set.of(ALICE), 1);
        assertEquals("lost update, G-single", same.classify().orElseThrow().fullName());
        H apart = new H()
                .add(1, StepKind.QUERY, "SELECT", Set.of(ALICE), Set.of(), 1)
                .add(2, StepKind.QUERY, "SELECT", Set.of(ALICE), Set.of(), 1)
                .add(2, StepKind.UPDATE, "UPDATE", Set.of(), Set.of(BOB), 1)
                .add(1, StepKind.UPDATE, "UPDATE", Set.of(), Set.of(ALICE), 1);
        assertTrue(apart.classify().map(a -> !a.name().equals("lost update")).orElse(true), apart.classify().toString());
    }

    @Test
    void aCheckThenInsertIsAPredicateWriteSkewG2() {
        H h = new H().config(1).config(2)
                .query(1, "SELECT COUNT(*) FROM payment WHERE k = 'x'", "payment", 0)
                .query(2, "SELECT COUNT(*) FROM payment WHERE k = 'x'", "payment", 0)
                .add(1, StepKind.UPDATE, "INSERT INTO payment (k) VALUES ('x')", Set.of(), Set.of("payment{new=T1.1}"), 1)
                .add(2, StepKind.UPDATE, "INSERT INTO payment (k) VALUES ('x')", Set.of(), Set.of("payment{new=T2.1}"), 1)
                .commit(1).commit(2);
        Anomaly a = h.classify().orElseThrow();
        assertEquals("write skew", a.name());
        assertEquals("G2", a.adya());
    }

    /** Hermitage's G-single: T1 reads x, T2 writes x and y and commits, T1 reads y and sees T2's y. */
    @Test
    void namesTheReadSkewOfTwoReadsAroundAnotherTransactionG_single() {
        String x = Footprint.part("test", "id", "1");
        String y = Footprint.part("test", "id", "2");
        H h = new H().config(1).config(2)
                .add(1, StepKind.QUERY, "SELECT val FROM test WHERE id = 1", Set.of(x), Set.of(), 10)
                .add(2, StepKind.UPDATE, "UPDATE test SET val = 12 WHERE id = 1", Set.of(), Set.of(x), 1)
                .add(2, StepKind.UPDATE, "UPDATE test SET val = 18 WHERE id = 2", Set.of(), Set.of(y), 1)
                .commit(2)
                .add(1, StepKind.QUERY, "SELECT val FROM test WHERE id = 2", Set.of(y), Set.of(), 18)
                .commit(1);
        assertEquals("read skew, G-single", h.classify().orElseThrow().fullName());
    }

    /** Hermitage's G0: T1 and T2 each update rows 1 and 2, each overwriting the other's uncommitted write once. */
    @Test
    void namesTheDirtyWriteOfAWriteCycleG0() {
        String x = Footprint.part("test", "id", "1");
        String y = Footprint.part("test", "id", "2");
        H h = new H().config(1).config(2)
                .add(1, StepKind.UPDATE, "UPDATE test SET val = 11 WHERE id = 1", Set.of(), Set.of(x), 1)
                .add(2, StepKind.UPDATE, "UPDATE test SET val = 12 WHERE id = 1", Set.of(), Set.of(x), 1)
                .add(2, StepKind.UPDATE, "UPDATE test SET val = 22 WHERE id = 2", Set.of(), Set.of(y), 1)
                .add(1, StepKind.UPDATE, "UPDATE test SET val = 21 WHERE id = 2", Set.of(), Set.of(y), 1)
                .commit(1).commit(2);
        Anomaly a = h.classify().orElseThrow();
        assertEquals("dirty write, G0", a.fullName());
        assertEquals("T2 overwrote test{id=1} (step 4) while T1's write of it (step 3) was uncommitted, and T1 overwrote test{id=2} "
                + "(step 6) while T2's write of it (step 5) was uncommitted: each transaction's writes are partly the other's",
                a.explanation());
        assertEquals(List.of(2, 3, 4, 5), a.steps());
        H serial = new H().config(1).config(2)
                .add(1, StepKind.UPDATE, "UPDATE test SET val = 11 WHERE id = 1", Set.of(), Set.of(x), 1)
                .add(1, StepKind.UPDATE, "UPDATE test SET val = 21 WHERE id = 2", Set.of(), Set.of(y), 1).commit(1)
                .add(2, StepKind.UPDATE, "UPDATE test SET val = 12 WHERE id = 1", Set.of(), Set.of(x), 1)
                .add(2, StepKind.UPDATE, "UPDATE test SET val = 22 WHERE id = 2", Set.of(), Set.of(y), 1).commit(2);
        assertEquals("none", serial.nameDirty());
    }

    /** Hermitage's G1c: each transaction updates one row and reads the other's, seeing the other's uncommitted write. */
    @Test
    void namesTheCircularInformationFlowOfTwoDirtyReadsG1c() {
        String x = Footprint.part("test", "id", "1");
        String y = Footprint.part("test", "id", "2");
        H h = new H().config(1).config(2)
                .add(1, StepKind.UPDATE, "UPDATE test SET val = 11 WHERE id = 1", Set.of(), Set.of(x), 1)
                .add(2, StepKind.UPDATE, "UPDATE test SET val = 22 WHERE id = 2", Set.of(), Set.of(y), 1)
                .add(2, StepKind.QUERY, "SELECT val FROM test WHERE id = 1", Set.of(x), Set.of(), 11)
                .commit(2)
                .add(1, StepKind.QUERY, "SELECT val FROM test WHERE id = 2", Set.of(y), Set.of(), 22)
                .commit(1);
        Anomaly a = h.classifyDirty().orElseThrow();
        assertEquals("dirty read, G1c", a.fullName());
        assertEquals("T2 read test{id=1} (step 5) that T1 wrote (step 3), and T1 read test{id=2} (step 7) that T2 wrote (step 4), "
                + "the first before its writer committed: each transaction saw the other's effects (circular information flow)",
                a.explanation());
        // reading committed data, T2 read row 1 before T1's write and T1 read T2's committed row 2: T2 then T1, no anomaly
        assertEquals("none", h.name());
    }

    /** Hermitage's OTV: T3 sees T2's write of row 1, then reads row 2 before T2 writes it. */
    @Test
    void namesTheObservedTransactionThatVanishes() {
        String x = Footprint.part("test", "id", "1");
        String y = Footprint.part("test", "id", "2");
        H h = new H().config(2).config(3)
                .add(2, StepKind.UPDATE, "UPDATE test SET val = val + 2 WHERE id = 1", Set.of(), Set.of(x), 1)
                .add(3, StepKind.QUERY, "SELECT val FROM test WHERE id = 1", Set.of(x), Set.of(), 12)
                .add(3, StepKind.QUERY, "SELECT val FROM test WHERE id = 2", Set.of(y), Set.of(), 20)
                .add(2, StepKind.UPDATE, "UPDATE test SET val = val + 2 WHERE id = 2", Set.of(), Set.of(y), 1)
                .commit(3).commit(2);
        Anomaly a = h.classifyDirty().orElseThrow();
        assertEquals("observed transaction vanishes, G-single", a.fullName());
        assertEquals("T3 read test{id=1} (step 4) as T2 wrote it (step 3), then read test{id=2} (step 5) before T2 wrote that too "
                + "(step 6) in the same transaction: T2 vanished from T3's view", a.explanation());
        assertEquals("none", h.name(), "reading committed data, T3 saw neither of T2's writes");
    }

    /** Hermitage's PMP: two predicate reads of one transaction around another's committed insert. */
    @Test
    void namesThePhantomOfTwoPredicateReadsPredicateManyPreceders() {
        H h = new H().config(1).config(2)
                .query(1, "SELECT COUNT(*) FROM test WHERE val = 30", "test", 0L)
                .add(2, StepKind.UPDATE, "INSERT INTO test (id, val) VALUES (3, 30)", Set.of(), Set.of("test"), 1)
                .commit(2)
                .query(1, "SELECT COUNT(*) FROM test WHERE val % 3 = 0", "test", 1L)
                .commit(1);
        Anomaly a = h.classify().orElseThrow();
        assertEquals("phantom, G-single", a.fullName());
        assertEquals("T1 read test (step 3) and, in the same transaction, read it again with another statement (step 6) after "
                + "T2 committed rows it inserted or deleted (step 4): its reads saw two states (predicate-many-preceders)",
                a.explanation());
        H before = new H().config(1).config(2)
                .query(1, "SELECT COUNT(*) FROM test WHERE val = 30", "test", 0L)
                .add(2, StepKind.UPDATE, "INSERT INTO test (id, val) VALUES (3, 30)", Set.of(), Set.of("test"), 1)
                .query(1, "SELECT COUNT(*) FROM test WHERE val % 3 = 0", "test", 0L)
                .commit(1).commit(2);
        assertEquals("none", before.name(), "the insert was not committed when T1 read again");
    }

    /** A COMMIT the database refused rolled the transaction back: its writes were never there to lose. */
    @Test
    void aWriteWhoseCommitFailedIsNotLost() {
        H h = new H().config(1).config(2).query(1, SELECT, "message", "msg a").query(2, SELECT, "message", "msg a")
                .update(2, UPDATE, "message", 1)
                .add(2, StepKind.COMMIT, "COMMIT", Set.of(), Set.of(), "error 40001: could not serialize access")
                .update(1, UPDATE, "message", 1).commit(1);
        assertEquals("none", h.name());
        H committed = new H().config(1).config(2).query(1, SELECT, "message", "msg a").query(2, SELECT, "message", "msg a")
                .update(2, UPDATE, "message", 1).commit(2).update(1, UPDATE, "message", 1).commit(1);
        assertEquals("lost update", committed.name());
    }
}
