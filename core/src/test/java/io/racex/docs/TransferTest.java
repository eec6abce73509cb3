package io.racex.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.racex.Operation;
import io.racex.Racex;
import io.racex.Scenario;
import io.racex.store.memory.Memory;
import io.racex.store.memory.MemoryAccess;
import org.junit.jupiter.api.Test;

/**
 * The JUnit example of README.md and docs/user-guide.md, compiled and run: if it stops compiling
 * or behaving as those pages say, this test fails. The pages show the class without the
 * assertions on its outcome that this copy adds.
 */
class TransferTest {
    /** Seed 003's transfer: read both balances, then write both; every access goes through {@code m}. */
    static void transfer(MemoryAccess m, String from, String to, int amount) {
        int fromBalance = m.readInt(from);
        int toBalance = m.readInt(to);
        if (fromBalance > amount) {
            m.write(to, toBalance + amount);
            m.write(from, fromBalance - amount);
        }
    }

    static final Scenario<MemoryAccess> TRANSFER = Memory.scenario("transfer")
            .initial(s -> s.cell("a", 100).cell("b", 200).cell("c", 150))
            .thread(Operation.action("transfer(b->a,100)", m -> transfer(m, "b", "a", 100)))
            .thread(Operation.action("transfer(c->a,50)", m -> transfer(m, "c", "a", 50)))
            .build();

    @Test
    void transfersAreLinearizable() {
        // the README's test fails, as it should: this is the report it fails with
        AssertionError e = assertThrows(AssertionError.class, () -> Racex.explore(TRANSFER).assertLinearizable());
        assertEquals(true, e.getMessage().contains("lost update"), e.getMessage());
    }

    @Test
    void theLostUpdateReplays() {
        assertEquals(true, Racex.replay(TRANSFER, "v1:1.1.2.2.2.2.1.1").failed());
    }
}
