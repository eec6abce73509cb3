package io.racex.samples;

import io.racex.store.memory.Memory;
import io.racex.Operation;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.store.memory.MemoryAccess;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic benchmarks of partial-order reduction with published trace counts. They have no bug to
 * find (no invariant, no spec beyond invariants): their point is counting. An exhaustive search
 * must run exactly one execution per Mazurkiewicz trace, where reads and writes are separate steps
 * and two steps conflict when they touch the same location and one writes.
 *
 * <pre>
 * $ java -jar explorer-cli/target/racex.jar explore lastzero-5 --strategy exhaustive
 * racex: PASS lastzero-5: no violation in 64 executions
 *   ...
 *   complete   yes  complete: 64 executions = 64 traces ...
 * </pre>
 *
 * <ul>
 *   <li>{@code lastzero-N} (Abdulla et al., POPL 2014): an array {@code a[0..N]} of zeros; thread 0
 *       runs {@code for (i = N; a[i] != 0; i--);}, threads {@code j = 1..N} each run
 *       {@code a[j] = a[j-1] + 1}. Traces: 2, 5, 12, 28, 64 for N = 1..5.</li>
 *   <li>{@code readers-N}: one writer writes {@code x}, N readers each read it. Traces: 2^N.</li>
 *   <li>{@code file-system-N} (Flanagan and Godefroid, POPL 2005): N threads allocate a block for
 *       an inode each, under locks. Traces: 1 for N &le; 13, 8 for N = 16.</li>
 * </ul>
 */
public final class Classics {
    private static final int INODES = 32;
    private static final int BLOCKS = 26;

    private Classics() {}

    static void register() {
        SampleCatalog.addFamily("lastzero", 1, 64, "thread 0 scans a[N..0] for the last zero while threads 1..N each set a[j] = a[j-1]+1;"
                + " traces 2, 5, 12, 28, 64 for N = 1..5", false, Classics::lastzero);
        SampleCatalog.addFamily("readers", 1, 30, "one writer writes x, N readers read it; 2^N traces", false, Classics::readers);
        SampleCatalog.addFamily("file-system", 2, 32, "Flanagan-Godefroid file system: N threads allocate blocks to inodes under locks;"
                + " 1 trace for N <= 13, 8 for N = 16", false, Classics::fileSystem);
    }

    /** {@code lastzero-N}: thread 0 looks for the last zero in {@code a[0..N]} while threads 1..N fill it. */
    public static Scenario<MemoryAccess> lastzero(int n) {
        Memory.Builder b = Memory.scenario("lastzero-" + n)
                .initial(s -> s.array("a", n + 1, 0))
                .description("thread 0 scans a[" + n + "..0] for the last zero while threads 1.." + n + " each set a[j] = a[j-1]+1")
                .spec(Spec.INVARIANTS_ONLY);
        b.thread("T1", List.of(Operation.of("lastZero()", m -> {
            int i = n;
            while (m.readInt("a", i) != 0) {
                i--;
            }
            return i;
        })));
        for (int j = 1; j <= n; j++) {
            int jj = j;
            b.thread("T" + (j + 1), List.of(Operation.action("a[" + j + "] = a[" + (j - 1) + "] + 1",
                    m -> m.write("a", jj, m.readInt("a", jj - 1) + 1))));
        }
        return b.build();
    }

    /** {@code readers-N}: one write of {@code x} and N reads of it. */
    public static Scenario<MemoryAccess> readers(int n) {
        Memory.Builder b = Memory.scenario("readers-" + n)
                .initial(s -> s.cell("x", 0))
                .description("one writer writes x, " + n + " readers read it")
                .spec(Spec.INVARIANTS_ONLY);
        b.thread("writer", List.of(Operation.action("x = 1", m -> m.write("x", 1))));
        for (int r = 1; r <= n; r++) {
            b.thread("reader" + r, List.of(Operation.of("read x", m -> m.readInt("x"))));
        }
        return b.build();
    }

    /**
     * {@code file-system-N}: thread {@code t} takes inode {@code i = t % 32} under its lock and, if
     * the inode has no block yet, looks for a free block from {@code (2i) % 26} on, each under the
     * block's lock. Threads 13.. share blocks with threads 0.., so for N = 16 three pairs race
     * for a block: 2^3 = 8 traces.
     */
    public static Scenario<MemoryAccess> fileSystem(int n) {
        Memory.Builder b = Memory.scenario("file-system-" + n)
                .initial(s -> s.array("inode", INODES, 0).array("busy", BLOCKS, false))
                .description(n + " threads allocate blocks to inodes under locks (Flanagan and Godefroid 2005)")
                .spec(Spec.INVARIANTS_ONLY);
        for (int t = 0; t < n; t++) {
            int i = t % INODES;
            List<Operation<MemoryAccess>> ops = new ArrayList<>();
            ops.add(Operation.action("allocate(inode " + i + ")", m -> allocate(m, i)));
            b.thread("T" + (t + 1), ops);
        }
        return b.build();
    }

    private static void allocate(MemoryAccess m, int i) {
        String inode = MemoryAccess.element("inode", i);
        m.lock(inode);
        if (m.readInt(inode) == 0) {
            int b = (2 * i) % BLOCKS;
            while (true) {
                String block = MemoryAccess.element("block", b);
                m.lock(block);
                if (!m.readBoolean(MemoryAccess.element("busy", b))) {
                    m.write("busy", b, true);
                    m.write(inode, b + 1);
                    m.unlock(block);
                    break;
                }
                m.unlock(block);
                b = (b + 1) % BLOCKS;
            }
        }
        m.unlock(inode);
    }
}
