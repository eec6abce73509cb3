package io.racex.samples;

import io.racex.store.memory.Memory;
import io.racex.Operation;
import io.racex.Scenario;
import io.racex.store.memory.MemoryAccess;

/**
 * Seed 003, the echo app's find-and-update, in memory: the message 'msg a' and two concurrent
 * {@code update(time, 'a')} calls, each reading the message and writing it back with 'a'
 * appended. One after the other they give 'msg aaa'; interleaved, 'msg aa'.
 *
 * <pre>
 * $ java -jar explorer-cli/target/racex.jar explore append-memory
 * racex: VIOLATION in append-memory: not linearizable (lost update)
 *   observed msg='msg aa' is not the outcome of any serial order
 * ...
 *   observed  msg='msg aa'
 *   allowed   msg='msg aaa'  serial order: T1, then T2
 * </pre>
 *
 * The fix, {@code append-memory-fixed}: the write is a compare-and-set of the value read, retried when
 * another append got in between (what a SERIALIZABLE transaction plus retry does in the database).
 */
public final class Append {
    private Append() {}

    /** The racing appends, as the scenario called {@code name}. */
    public static Scenario<?> buggy(String name) {
        return Memory.scenario(name)
                .initial(s -> s.cell("msg", "msg a"))
                .description("two find-and-update appends of 'a' (seed 003, in memory): 'msg aa' instead of 'msg aaa'")
                .thread(Operation.action("update('a')", m -> m.write("msg", m.readString("msg") + "a")))
                .thread(Operation.action("update('a')", m -> m.write("msg", m.readString("msg") + "a")))
                .build();
    }

    /** The compare-and-set appends, as the scenario called {@code name}. */
    public static Scenario<?> fixed(String name) {
        return Memory.scenario(name)
                .initial(s -> s.cell("msg", "msg a"))
                .description("each append is a compare-and-set retried on conflict")
                .thread(Operation.action("update('a')", Append::casAppend))
                .thread(Operation.action("update('a')", Append::casAppend))
                .build();
    }

    private static void casAppend(MemoryAccess m) {
        while (true) {
            String seen = m.readString("msg");
            if (m.compareAndSet("msg", seen, seen + "a")) {
                return;
            }
        }
    }
}
