package io.racex.samples;

import io.racex.store.memory.Memory;
import io.racex.Operation;
import io.racex.Scenario;
import io.racex.store.memory.MemoryAccess;
import java.util.Map;

/**
 * Seed 003, "race condition in async JavaScript": three accounts a=100, b=200, c=150 and two
 * concurrent transfers, transfer(b→a,100) and transfer(c→a,50). Each reads the source balance,
 * then the destination balance, then writes the destination and the source. Run one after the
 * other they leave 250 100 100; interleaved, one transfer's write of a overwrites the other's.
 *
 * <pre>
 * $ java -jar explorer-cli/target/racex.jar explore transfer-memory
 * racex: VIOLATION in transfer-memory: not linearizable (lost update)
 *   observed a=200 b=100 c=100 is not the outcome of any serial order
 * ...
 * Minimal failing schedule: 1 preemption, 8 steps
 *
 *   step  T1                    T2
 *   ----  --------------------  -------------------
 *         &gt; transfer(b-&gt;a,100)
 *   1     read b -&gt; 200
 *   2     read a -&gt; 100
 *         &gt; transfer(c-&gt;a,50)
 *   3                           read c -&gt; 150
 *   4                           read a -&gt; 100
 *   5                           write a &lt;- 150
 *   6                           write c &lt;- 100
 *   7     write a &lt;- 200
 *   8     write b &lt;- 100
 * ...
 *   observed  a=200 b=100 c=100
 *   allowed   a=250 b=100 c=100   serial order: T1, then T2
 * </pre>
 *
 * The fix, {@code transfer-memory-fixed}: each transfer holds one bank lock around its reads and
 * writes ({@code racex explore transfer-memory-fixed} exits 0, "complete yes"). The same race in a
 * plain Java class is {@code transfer} ({@link io.racex.samples.java.Bank}).
 */
public final class Transfer {
    private Transfer() {}

    /** The course's transfer: read source, read destination, write destination, write source. */
    static void transfer(MemoryAccess m, String src, String dst, int amount) {
        int srcBal = m.readInt(src);
        int dstBal = m.readInt(dst);
        if (srcBal > amount) {
            m.write(dst, dstBal + amount);
            m.write(src, srcBal - amount);
        }
    }

    static Memory.Builder base(String name) {
        return Memory.scenario(name)
                .initial(s -> s.cell("a", 100).cell("b", 200).cell("c", 150))
                .invariant("total balance is 450", Transfer::total450);
    }

    static boolean total450(Map<String, Object> s) {
        return (Integer) s.get("a") + (Integer) s.get("b") + (Integer) s.get("c") == 450;
    }

    /** The buggy transfers, as the scenario called {@code name}. */
    public static Scenario<?> buggy(String name) {
        return base(name)
                .description("two concurrent transfers into account a (seed 003): a lost update")
                .thread(Operation.action("transfer(b->a,100)", m -> transfer(m, "b", "a", 100)))
                .thread(Operation.action("transfer(c->a,50)", m -> transfer(m, "c", "a", 50)))
                .build();
    }

    /** The locked transfers, as the scenario called {@code name}. */
    public static Scenario<?> fixed(String name) {
        return base(name)
                .description("the two transfers, each holding the bank lock")
                .thread(Operation.action("transfer(b->a,100)", m -> locked(m, "b", "a", 100)))
                .thread(Operation.action("transfer(c->a,50)", m -> locked(m, "c", "a", 50)))
                .build();
    }

    private static void locked(MemoryAccess m, String src, String dst, int amount) {
        m.lock("bank");
        try {
            transfer(m, src, dst, amount);
        } finally {
            m.unlock("bank");
        }
    }
}
