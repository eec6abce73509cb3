package io.racex.samples;

import io.racex.store.memory.Memory;
import io.racex.Operation;
import io.racex.Scenario;
import io.racex.store.memory.MemoryAccess;

/**
 * The teaching classic: two threads each increment a counter by reading it and writing the value
 * read plus one. One after the other they leave 2; interleaved, 1.
 *
 * <pre>
 * $ java -jar explorer-cli/target/racex.jar explore counter-memory
 * racex: VIOLATION in counter-memory: not linearizable (lost update)
 *   observed x=1 ... is not the outcome of any serial order
 * </pre>
 *
 * The fix, {@code counter-memory-fixed}: the increment holds a lock.
 */
public final class Counter {
    private Counter() {}

    private static Object increment(MemoryAccess m) {
        int v = m.readInt("x");
        m.write("x", v + 1);
        return v + 1;
    }

    /** The racing increments, as the scenario called {@code name}. */
    public static Scenario<?> buggy(String name) {
        return Memory.scenario(name)
                .initial(s -> s.cell("x", 0))
                .description("two increments (read, then write read+1) lose one")
                .thread(Operation.of("increment()", Counter::increment))
                .thread(Operation.of("increment()", Counter::increment))
                .build();
    }

    /** The locked increments, as the scenario called {@code name}. */
    public static Scenario<?> fixed(String name) {
        return Memory.scenario(name)
                .initial(s -> s.cell("x", 0))
                .description("increments under a lock")
                .thread(Operation.of("increment()", Counter::lockedIncrement))
                .thread(Operation.of("increment()", Counter::lockedIncrement))
                .build();
    }

    private static Object lockedIncrement(MemoryAccess m) {
        m.lock("x");
        try {
            return increment(m);
        } finally {
            m.unlock("x");
        }
    }
}
