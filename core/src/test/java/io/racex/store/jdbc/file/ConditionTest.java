package io.racex.store.jdbc.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionTest {
    static boolean holds(String condition, Map<String, Object> bound) throws Exception {
        return Condition.parse(condition).holds(bound);
    }

    @Test
    void comparesNumbersByValueWhateverTheirType() throws Exception {
        assertTrue(holds("balance >= 100", Map.of("balance", 100L)));
        assertTrue(holds("balance >= 100", Map.of("balance", new BigDecimal("100.00"))));
        assertFalse(holds("balance >= 100", Map.of("balance", 99)));
        assertTrue(holds(":n = 0", Map.of("n", 0L)));
        assertTrue(holds("n <> 1", Map.of("n", 2)));
        assertTrue(holds("n != 1", Map.of("n", 2)));
        assertTrue(holds("a < b", Map.of("a", 1, "b", 2.5)));
        assertTrue(holds("a > -3", Map.of("a", -2)));
    }

    @Test
    void treatsNullAsSqlDoes() throws Exception {
        Map<String, Object> bound = new HashMap<>();
        bound.put("existing", null);
        assertTrue(holds("existing is null", bound));
        assertFalse(holds("existing IS NOT NULL", bound));
        assertFalse(holds("existing = 1", bound));
        assertFalse(holds("existing <> 1", bound));
        assertTrue(holds("existing is not null", Map.of("existing", "pay-1")));
    }

    @Test
    void comparesTextAndBooleans() throws Exception {
        assertTrue(holds("msg = 'it''s'", Map.of("msg", "it's")));
        assertFalse(holds("msg = 'msg a'", Map.of("msg", "msg aa")));
        assertTrue(holds("ok = true", Map.of("ok", 1)));
        assertTrue(holds("ok = true", Map.of("ok", Boolean.TRUE)));
        assertTrue(holds("ok = false", Map.of("ok", 0L)));
    }

    @Test
    void namesTheBoundValuesItReads() throws Exception {
        assertEquals(List.of("a", "b"), Condition.parse("a = :b").names());
        assertEquals(List.of("x"), Condition.parse("x is null").names());
    }

    @Test
    void refusesWhatItCannotRead() {
        for (String bad : List.of("", "a", "a = ", "a between 1 and 2", "a = 1 and b = 2", "f(a) > 1", "'x")) {
            assertThrows(BoundSql.Problem.class, () -> Condition.parse(bad), bad);
        }
    }

    @Test
    void testsWhetherAListIsEmpty() throws Exception {
        assertTrue(holds("ids is empty", Map.of("ids", java.util.List.of())));
        assertFalse(holds("ids is empty", Map.of("ids", java.util.List.of(1))));
        assertTrue(holds("ids IS NOT EMPTY", Map.of("ids", java.util.List.of(1))));
        assertTrue(holds(":ids is empty", new java.util.HashMap<>()), "a skipped step's list read no rows");
        assertTrue(Condition.parse("ids is not empty").testsEmptiness());
        assertFalse(Condition.parse("ids is not null").testsEmptiness());
    }
}
