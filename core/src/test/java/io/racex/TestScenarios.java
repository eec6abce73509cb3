package io.racex;

import io.racex.store.memory.Memory;
import io.racex.store.memory.MemoryAccess;
import java.util.List;

/** Small scenarios the core tests share. */
public final class TestScenarios {
    private TestScenarios() {}

    /** Seed 003's transfer: a=100 b=200 c=150, transfer(b->a,100) || transfer(c->a,50). */
    public static Scenario<MemoryAccess> transfer() {
        return Memory.scenario("transfer")
                .initial(s -> s.cell("a", 100).cell("b", 200).cell("c", 150))
                .thread(Operation.action("transfer(b->a,100)", m -> transfer(m, "b", "a", 100)))
                .thread(Operation.action("transfer(c->a,50)", m -> transfer(m, "c", "a", 50)))
                .build();
    }

    static void transfer(MemoryAccess m, String src, String dst, int amount) {
        int s = m.readInt(src);
        int d = m.readInt(dst);
        if (s > amount) {
            m.write(dst, d + amount);
            m.write(src, s - amount);
        }
    }

    /** T1 increments twice, T2 reads: where the read lands in a serial order decides what it returns. */
    public static Scenario<MemoryAccess> incThenGet(Spec spec) {
        return Memory.scenario("inc-get")
                .initial(s -> s.cell("x", 0))
                .thread(Operation.action("inc", m -> m.write("x", m.readInt("x") + 1)),
                        Operation.action("inc", m -> m.write("x", m.readInt("x") + 1)))
                .thread(Operation.of("get", m -> m.readInt("x")))
                .spec(spec)
                .build();
    }

    /** Two read-then-write increments. */
    public static Scenario<MemoryAccess> counter() {
        return Memory.scenario("counter")
                .initial(s -> s.cell("x", 0))
                .thread(Operation.of("inc", TestScenarios::inc))
                .thread(Operation.of("inc", TestScenarios::inc))
                .build();
    }

    static Object inc(MemoryAccess m) {
        int v = m.readInt("x");
        m.write("x", v + 1);
        return v + 1;
    }

    /** lastzero(n): thread 0 scans a[n..0] for a zero while threads j = 1..n set a[j] = a[j-1] + 1. */
    public static Scenario<MemoryAccess> lastzero(int n) {
        Memory.Builder b = Memory.scenario("lastzero-" + n)
                .initial(s -> s.array("a", n + 1, 0))
                .spec(Spec.INVARIANTS_ONLY);
        b.thread("T1", List.of(Operation.of("scan", m -> {
            int i = n;
            while (m.readInt("a", i) != 0) {
                i--;
            }
            return i;
        })));
        for (int j = 1; j <= n; j++) {
            int jj = j;
            b.thread("T" + (j + 1), List.of(Operation.action("fill", m -> m.write("a", jj, m.readInt("a", jj - 1) + 1))));
        }
        return b.build();
    }
}
