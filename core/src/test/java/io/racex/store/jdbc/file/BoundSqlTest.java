package io.racex.store.jdbc.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoundSqlTest {
    @Test
    void turnsNamesIntoParametersInOrder() throws Exception {
        BoundSql b = BoundSql.parse("UPDATE account SET balance = :balance - :amount WHERE id = :id AND x = :balance");
        assertEquals("UPDATE account SET balance = ? - ? WHERE id = ? AND x = ?", b.jdbc());
        assertEquals(List.of("balance", "amount", "id", "balance"), b.parameters());
    }

    @Test
    void leavesLiteralsCommentsCastsAndAssignmentsAlone() throws Exception {
        String sql = "SELECT 'at 12:30', \"a:b\", `c:d`, '2009-01-01'::timestamp, @v := 1 -- :no\n"
                + "/* :none */ FROM t WHERE s = 'it''s :x' AND y = :y";
        BoundSql b = BoundSql.parse(sql);
        assertEquals(List.of("y"), b.parameters());
        assertEquals(sql.replace(":y", "?"), b.jdbc());
    }

    @Test
    void refusesUnclosedQuotesAndBareQuestionMarks() {
        assertThrows(BoundSql.Problem.class, () -> BoundSql.parse("SELECT 'open"));
        assertThrows(BoundSql.Problem.class, () -> BoundSql.parse("SELECT * FROM t WHERE x = ?"));
        assertThrows(BoundSql.Problem.class, () -> BoundSql.parse("SELECT 1 /* open"));
    }

    @Test
    void tellsQueriesFromUpdates() throws Exception {
        assertTrue(BoundSql.parse("  select msg from message for update").returnsRows());
        assertTrue(BoundSql.parse("/* c */ WITH x AS (SELECT 1) SELECT * FROM x").returnsRows());
        assertTrue(BoundSql.parse("(SELECT 1)").returnsRows());
        assertTrue(BoundSql.parse("INSERT INTO t VALUES (1) RETURNING id").returnsRows());
        assertFalse(BoundSql.parse("UPDATE t SET x = 1").returnsRows());
        assertFalse(BoundSql.parse("insert into t select * from u").returnsRows());
    }

    @Test
    void expandsAListParameterIntoOneParameterPerValueOutsideLiteralsAndComments() throws Exception {
        BoundSql b = BoundSql.parse("SELECT '?' /* ? */ FROM t WHERE id IN (:ids) AND v = :v AND w IN (:none) -- ?\n");
        assertEquals("SELECT '?' /* ? */ FROM t WHERE id IN (?, ?, ?) AND v = ? AND w IN (NULL) -- ?\n",
                b.jdbc(new int[] {3, -1, 0}));
        assertEquals(b.jdbc(), b.jdbc(new int[] {-1, -1, -1}));
    }

    @Test
    void tellsTransactionEndsFromSavepointRollbacks() throws Exception {
        assertTrue(BoundSql.parse("COMMIT").commits());
        assertTrue(BoundSql.parse("commit work").endsTransaction());
        assertTrue(BoundSql.parse("END").commits());
        assertTrue(BoundSql.parse("rollback").rollsBack());
        assertTrue(BoundSql.parse("ABORT").rollsBack());
        assertFalse(BoundSql.parse("ROLLBACK TO SAVEPOINT a").endsTransaction());
        assertFalse(BoundSql.parse("ROLLBACK WORK TO SAVEPOINT a").endsTransaction());
        assertFalse(BoundSql.parse("UPDATE t SET committed = 1").endsTransaction());
    }
}
