package io.racex.history;

import static io.racex.history.Histories.check;
import static io.racex.history.Histories.history;
import static io.racex.history.Histories.op;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each model on a history it allows and one it does not, pending operations included. */
class ModelsTest {
    @Test
    void registerWithCompareAndSet() {
        Model<?> m = Models.register();
        assertTrue(check(history(op("a", 0, 5, "write", null, 1L), op("b", 6, 9, "cas", true, 1L, 2L), op("c", 10, 12, "read", 2L),
                op("d", 13, 14, "cas", false, 1L, 3L)), m).linearizable());
        assertFalse(check(history(op("a", 0, 5, "write", null, 1L), op("b", 6, 9, "cas", false, 1L, 2L)), m).linearizable(),
                "a cas that failed while the register held its expected value");
        assertTrue(check(history(op("a", 0, 5, "cas", null, null, 2L), op("b", 6, 9, "read", 2L)), m).linearizable(),
                "nil is the initial value; a cas that returned nothing succeeds when its compare holds");
        assertFalse(check(history(op("a", 0, 5, "cas", null, null, 2L), op("b", 6, 9, "read", null)), m).linearizable());
        assertTrue(check(history(op("a", 0, -1, "cas", null, null, 2L), op("b", 6, 9, "read", 2L)), m).linearizable(),
                "a pending cas may take effect");
    }

    @Test
    void keyValueStoreWithAppends() {
        Model<?> m = Models.kv();
        assertTrue(check(history(op("a", 0, 5, "get", "", "k"), op("b", 1, 9, "append", null, "k", "x"), op("c", 2, 8, "append", null, "k", "y"),
                op("d", 10, 12, "get", "yx", "k"), op("e", 13, 14, "put", null, "k", "z"), op("f", 15, 16, "get", "z", "k")), m).linearizable());
        assertFalse(check(history(op("b", 1, 2, "append", null, "k", "x"), op("c", 3, 4, "append", null, "k", "y"), op("d", 10, 12, "get", "yx", "k")),
                m).linearizable());
        assertTrue(check(history(op("p", 0, 1, "get", null, "k")), Models.kv(Map.of())).linearizable(), "a missing key reads as empty, or nil");
        assertTrue(check(history(op("p", 0, 1, "get", "v", "k")), Models.kv(Map.of("k", "v"))).linearizable());
    }

    @Test
    void counterIncrementsAndReads() {
        Model<?> m = Models.counter();
        assertTrue(check(history(op("a", 0, 10, "inc", 1L), op("b", 0, 10, "inc", 2L), op("c", 11, 12, "get", 2L), op("d", 13, 14, "getAndAdd", 2L, 5L),
                op("e", 15, 16, "get", 7L)), m).linearizable());
        assertFalse(check(history(op("a", 0, 10, "inc", 1L), op("b", 0, 10, "inc", 1L)), m).linearizable(), "two increments cannot both return 1");
        assertTrue(check(history(op("a", 0, -1, "inc", null), op("b", 5, 6, "get", 1L)), m).linearizable());
    }

    @Test
    void setAddsRemovesAndReads() {
        Model<?> m = Models.set();
        assertTrue(check(history(op("a", 0, 10, "add", true, 1L), op("b", 0, 10, "add", false, 1L), op("c", 11, 12, "read", List.of(1L)),
                op("d", 13, 14, "remove", true, 1L), op("e", 15, 16, "contains", false, 1L), op("f", 17, 18, "size", 0L)), m).linearizable());
        assertFalse(check(history(op("a", 0, 10, "add", true, 1L), op("b", 0, 10, "add", true, 1L)), m).linearizable(), "only one add of 1 adds it");
        assertFalse(check(history(op("a", 0, 1, "add", true, 1L), op("c", 11, 12, "read", List.of(1L, 1L))), m).linearizable(), "no duplicates");
    }

    @Test
    void fifoQueue() {
        Model<?> m = Models.queue();
        assertTrue(check(history(op("a", 0, 1, "enqueue", null, 1L), op("b", 2, 3, "enqueue", null, 2L), op("c", 4, 9, "dequeue", 1L),
                op("d", 5, 9, "poll", 2L), op("e", 10, 11, "dequeue", null)), m).linearizable());
        assertFalse(check(history(op("a", 0, 1, "enqueue", null, 1L), op("b", 2, 3, "enqueue", null, 2L), op("c", 4, 5, "dequeue", 2L)), m)
                .linearizable(), "first in, first out");
        assertFalse(check(history(op("c", 4, 5, "dequeue", 7L)), m).linearizable(), "nothing to dequeue");
    }

    @Test
    void bankAccountsTransfersAndWithdrawals() {
        Model<?> m = Models.bank(Map.of("a", 100L, "b", 0L));
        assertTrue(check(history(op("x", 0, 10, "transfer", true, "a", "b", 70L), op("y", 0, 10, "transfer", false, "a", "b", 70L),
                op("z", 11, 12, "read", Map.of("a", 30L, "b", 70L)), op("w", 13, 14, "withdraw", true, "b", 70L), op("v", 15, 16, "balance", 0L, "b"),
                op("u", 17, 18, "deposit", null, "c", 5L), op("t", 19, 20, "balance", 5L, "c")), m).linearizable());
        assertFalse(check(history(op("x", 0, 10, "withdraw", true, "a", 60L), op("y", 0, 10, "withdraw", true, "a", 60L)), m).linearizable(),
                "two withdrawals of 60 from 100 cannot both succeed");
        assertFalse(check(history(op("x", 0, 10, "read", Map.of("a", 100L, "b", 1L))), m).linearizable());
    }

    @Test
    void modelsByNameWithInitialStatesFromJson() {
        assertEquals("bank", Models.byName("bank", HistoryReader.parseJson("{\"a\": 5}", "--init")).name());
        assertEquals("kv", Models.byName("kv", null).name());
        HistoryException unknown = assertThrows(HistoryException.class, () -> Models.byName("stack", null));
        assertEquals("unknown model 'stack' (known: register, kv, counter, set, queue, bank, or the name of a class on the classpath "
                + "that implements io.racex.history.Model)", unknown.getMessage());
        assertThrows(HistoryException.class, () -> Models.byName("counter", "x"));
        assertThrows(HistoryException.class, () -> Models.byName("bank", List.of(1L)));
        assertThrows(HistoryException.class, () -> Models.byName("com.example.NoSuchModel", null));
    }

    /** A user's model: a counter that stops at 2; {@code inc()} returns whether it counted. */
    public static final class Capped implements Model<Long> {
        @Override
        public String name() {
            return "capped";
        }

        @Override
        public Long initial() {
            return 0L;
        }

        @Override
        public Optional<Long> step(Long n, Operation op) {
            return switch (op.name()) {
                case "inc" -> op.pending() ? Optional.of(Math.min(n + 1, 2)) : op.result().equals(n < 2) ? Optional.of(n < 2 ? n + 1 : n) : Optional.empty();
                case "get" -> op.pending() || op.result().equals(n) ? Optional.of(n) : Optional.empty();
                default -> throw new IllegalArgumentException("unknown operation " + op.name());
            };
        }

        @Override
        public boolean readOnly(Operation op) {
            return op.name().equals("get");
        }
    }

    @Test
    void aUserModelByItsClassName() {
        Model<?> m = Models.byName(Capped.class.getName(), null);
        assertTrue(check(history(op("a", 0, 1, "inc", true), op("b", 0, 1, "inc", true), op("c", 2, 3, "inc", false), op("d", 4, 5, "get", 2L)), m)
                .linearizable());
        assertFalse(check(history(op("a", 0, 1, "inc", true), op("b", 2, 3, "inc", false)), m).linearizable());
        HistoryException e = assertThrows(HistoryException.class, () -> check(history(op("a", 0, 1, "dec", true)), m));
        assertTrue(e.getMessage().contains("the capped model failed on dec() -> true"), e.getMessage());
    }
}
