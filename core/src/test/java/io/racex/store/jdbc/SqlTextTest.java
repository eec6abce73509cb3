package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.store.Footprint;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SqlTextTest {
    @Test
    void aSelectReadsItsTablesAndAnUpdateWritesItsTarget() {
        assertEquals(new Footprint(Set.of("message"), Set.of()), SqlText.footprint("SELECT * FROM message WHERE time = ?"));
        assertEquals(new Footprint(Set.of(), Set.of("message")), SqlText.footprint("UPDATE message SET msg = ? WHERE time = ?"));
        assertEquals(new Footprint(Set.of("a", "b", "c"), Set.of()),
                SqlText.footprint("select x from public.a join \"B\" on a.id = b.id, c where c.k in (select 1)"));
        assertEquals(new Footprint(Set.of("src"), Set.of("dst")), SqlText.footprint("INSERT INTO dst (v) SELECT v FROM src"));
        assertEquals(new Footprint(Set.of(), Set.of("t")), SqlText.footprint("DELETE FROM t WHERE id = 1"));
    }

    @Test
    void aLockingReadCountsAsAWrite() {
        assertEquals(new Footprint(Set.of(), Set.of("counter")), SqlText.footprint("SELECT n FROM counter WHERE id = 1 FOR UPDATE"));
    }

    @Test
    void statementsItCannotReadMayWriteAnyTable() {
        assertEquals(Set.of(SqlText.ANY_TABLE), SqlText.footprint("CREATE TABLE x (id INT)").writes());
        assertEquals(Footprint.NONE, SqlText.footprint("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
    }

    @Test
    void boundParametersAreShownAsLiteralsOutsideQuotes() {
        Map<Integer, Object> p = new TreeMap<>();
        p.put(1, "it's");
        p.put(2, LocalDateTime.of(2009, 1, 1, 0, 0));
        p.put(3, new BigDecimal("10.50"));
        assertEquals("UPDATE m SET msg = 'it''s', note = '?' WHERE time = TIMESTAMP '2009-01-01 00:00:00' AND x = 10.50",
                SqlText.bind("UPDATE m SET msg = ?, note = '?'\n   WHERE time = ? AND x = ?", p));
    }

    @Test
    void scriptsSplitAtSemicolonsOutsideQuotesAndBodies() {
        assertEquals(List.of("INSERT INTO t VALUES ('a;b')", "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql"),
                SqlText.split("INSERT INTO t VALUES ('a;b'); -- c;\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;"));
    }
}
