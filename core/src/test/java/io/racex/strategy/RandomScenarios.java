package io.racex.strategy;

import io.racex.store.memory.Memory;
import io.racex.Operation;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.store.memory.MemoryAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Small random in-memory scenarios: 2 or 3 threads, each one operation of 1 to 4 (with three
 * threads 1 to 2) reads and writes over 1 to 3 cells, some with a branch on a value read, some inside locks (nested in
 * either order, so deadlocks occur). The invariant is a random guess about the final state, so
 * some scenarios fail and some pass.
 */
public final class RandomScenarios {
    private RandomScenarios() {}

    /** One instruction of a generated thread. */
    private record Instr(char op, int a, int b, int c) {}

    public static Scenario<MemoryAccess> generate(long seed, boolean locks) {
        Random r = new Random(seed);
        int threads = 2 + r.nextInt(2);
        int cells = 1 + r.nextInt(3);
        Memory.Builder b = Memory.scenario("random-" + seed + (locks ? "-locks" : ""))
                .initial(s -> {
                    for (int i = 0; i < 3; i++) {
                        s.cell("x" + i, 0);
                    }
                })
                .spec(Spec.INVARIANTS_ONLY);
        StringBuilder text = new StringBuilder();
        for (int t = 0; t < threads; t++) {
            int steps = 1 + r.nextInt(threads == 3 ? 2 : 4);
            List<Instr> body = new ArrayList<>();
            for (int k = 0; k < steps; k++) {
                int roll = r.nextInt(10);
                char op = roll < 4 ? 'R' : roll < 8 ? 'W' : 'I';
                body.add(new Instr(op, r.nextInt(cells), r.nextInt(cells), 1 + r.nextInt(3)));
            }
            if (locks && r.nextInt(3) > 0) {
                int from = r.nextInt(body.size());
                int to = from + 1 + r.nextInt(body.size() - from);
                int first = r.nextInt(2);
                body.add(to, new Instr('U', first, 0, 0));
                body.add(from, new Instr('L', first, 0, 0));
                if (r.nextBoolean()) {
                    // a second lock around the same range, inside the first: opposite orders in two threads deadlock
                    body.add(to + 1, new Instr('U', 1 - first, 0, 0));
                    body.add(from + 1, new Instr('L', 1 - first, 0, 0));
                }
            }
            text.append(" T").append(t + 1).append(body);
            b.thread("T" + (t + 1), List.of(Operation.of("run", m -> run(m, body))));
        }
        int cell = r.nextInt(cells);
        int guess = r.nextInt(4);
        b.invariant("x" + cell + " != " + guess, s -> !Integer.valueOf(guess).equals(s.get("x" + cell)));
        return b.description(text.toString()).build();
    }

    private static Object run(MemoryAccess m, List<Instr> body) {
        int acc = 0;
        for (Instr i : body) {
            switch (i.op()) {
                case 'R' -> acc += m.readInt("x" + i.a());
                case 'W' -> m.write("x" + i.a(), acc + i.c());
                case 'I' -> {
                    // a branch: what the thread does next depends on what it read
                    int v = m.readInt("x" + i.a());
                    if (v == 0) {
                        m.write("x" + i.b(), v + i.c());
                    } else {
                        acc += m.readInt("x" + i.b());
                    }
                }
                case 'L' -> m.lock("L" + i.a());
                case 'U' -> m.unlock("L" + i.a());
                default -> throw new IllegalStateException("unknown instruction " + i.op());
            }
        }
        return acc;
    }
}
