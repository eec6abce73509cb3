package io.racex.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The checker's verdict on random small histories, against a naive search that tries every order
 * respecting real time (no memoization, no shortcuts). The checker's shortcuts (reads placed at
 * once, pending operations last and never as no-ops, configurations covered by others, the
 * key-value model's lookahead) must never change a verdict. Seeds are fixed.
 */
class CrossCheckTest {
    /** A random operation without its result: name and arguments. */
    record Call(String name, List<Object> args) {}

    /** Produces the result a sequential object gives, updating its state held in {@code state[0]}. */
    interface Sim {
        Object apply(Object[] state, Call call);
    }

    @Test
    void registerVerdictsMatchTheNaiveSearch() {
        int[] seen = crossCheck(Models.register(), 11, r -> switch (r.nextInt(3)) {
            case 0 -> new Call("read", List.of());
            case 1 -> new Call("write", List.of((long) r.nextInt(3)));
            default -> new Call("cas", List.of((long) r.nextInt(3), (long) r.nextInt(3)));
        }, (s, c) -> {
            Object v = s[0];
            switch (c.name()) {
                case "read":
                    return v;
                case "write":
                    s[0] = c.args().get(0);
                    return null;
                default:
                    boolean ok = java.util.Objects.equals(v, c.args().get(0));
                    if (ok) {
                        s[0] = c.args().get(1);
                    }
                    return ok;
            }
        }, (c, r) -> c.name().equals("read") ? (Object) (r.nextBoolean() ? null : (long) r.nextInt(3)) : c.name().equals("cas") ? r.nextBoolean() : null,
                () -> null);
        assertMixed(seen);
    }

    @Test
    void keyValueVerdictsMatchTheNaiveSearchSplitAndWhole() {
        Function<Random, Call> gen = r -> {
            String key = r.nextBoolean() ? "a" : "b";
            return switch (r.nextInt(4)) {
                case 0, 1 -> new Call("get", List.of(key));
                case 2 -> new Call("append", List.of(key, String.valueOf((char) ('p' + r.nextInt(4)))));
                default -> new Call("put", List.of(key, String.valueOf((char) ('p' + r.nextInt(4)))));
            };
        };
        Sim sim = (s, c) -> {
            @SuppressWarnings("unchecked")
            Map<Object, String> m = (Map<Object, String>) s[0];
            Object k = c.args().get(0);
            String v = m.getOrDefault(k, "");
            switch (c.name()) {
                case "get":
                    return v;
                case "append":
                    m.put(k, v + c.args().get(1));
                    return null;
                default:
                    m.put(k, (String) c.args().get(1));
                    return null;
            }
        };
        BiFunction<Call, Random, Object> noise = (c, r) -> c.name().equals("get") ? List.of("", "p", "pq", "qp", "r", "pr").get(r.nextInt(6)) : null;
        assertMixed(crossCheck(Models.kv(), 12, gen, sim, noise, HashMap::new));
        assertMixed(crossCheckWhole(Models.kv(), 13, gen, sim, noise));
    }

    @Test
    void counterQueueSetAndBankVerdictsMatchTheNaiveSearch() {
        assertMixed(crossCheck(Models.counter(), 14, r -> switch (r.nextInt(3)) {
            case 0 -> new Call("get", List.of());
            case 1 -> new Call("inc", List.of());
            default -> new Call("add", List.of((long) r.nextInt(3) - 1));
        }, (s, c) -> {
            long v = (Long) s[0];
            switch (c.name()) {
                case "get":
                    return v;
                case "inc":
                    s[0] = v + 1;
                    return v + 1;
                default:
                    s[0] = v + (Long) c.args().get(0);
                    return s[0];
            }
        }, (c, r) -> (long) r.nextInt(4), () -> 0L));
        assertMixed(crossCheck(Models.queue(), 15, r -> r.nextBoolean() ? new Call("enqueue", List.of((long) r.nextInt(3)))
                : new Call("dequeue", List.of()), (s, c) -> {
                    @SuppressWarnings("unchecked")
                    List<Object> q = (List<Object>) s[0];
                    if (c.name().equals("enqueue")) {
                        q.add(c.args().get(0));
                        return null;
                    }
                    return q.isEmpty() ? null : q.remove(0);
                }, (c, r) -> c.name().equals("dequeue") ? (Object) (r.nextBoolean() ? null : (long) r.nextInt(3)) : null, ArrayList::new));
        assertMixed(crossCheck(Models.set(), 16, r -> switch (r.nextInt(3)) {
            case 0 -> new Call("add", List.of((long) r.nextInt(3)));
            case 1 -> new Call("remove", List.of((long) r.nextInt(3)));
            default -> new Call("contains", List.of((long) r.nextInt(3)));
        }, (s, c) -> {
            @SuppressWarnings("unchecked")
            java.util.Set<Object> set = (java.util.Set<Object>) s[0];
            Object x = c.args().get(0);
            return switch (c.name()) {
                case "add" -> set.add(x);
                case "remove" -> set.remove(x);
                default -> set.contains(x);
            };
        }, (c, r) -> r.nextBoolean(), java.util.HashSet::new));
        assertMixed(crossCheck(Models.bank(Map.of("a", 2L, "b", 1L)), 17, r -> switch (r.nextInt(3)) {
            case 0 -> new Call("balance", List.of(r.nextBoolean() ? "a" : "b"));
            case 1 -> new Call("withdraw", List.of(r.nextBoolean() ? "a" : "b", (long) 1 + r.nextInt(2)));
            default -> new Call("transfer", List.of("a", "b", 1L));
        }, (s, c) -> {
            @SuppressWarnings("unchecked")
            Map<Object, Long> m = (Map<Object, Long>) s[0];
            switch (c.name()) {
                case "balance":
                    return m.getOrDefault(c.args().get(0), 0L);
                case "withdraw": {
                    Object acct = c.args().get(0);
                    long amount = (Long) c.args().get(1);
                    if (m.getOrDefault(acct, 0L) < amount) {
                        return false;
                    }
                    m.put(acct, m.getOrDefault(acct, 0L) - amount);
                    return true;
                }
                default: {
                    if (m.getOrDefault("a", 0L) < 1) {
                        return false;
                    }
                    m.put("a", m.getOrDefault("a", 0L) - 1);
                    m.put("b", m.getOrDefault("b", 0L) + 1);
                    return true;
                }
            }
        }, (c, r) -> c.name().equals("balance") ? (Object) (long) r.nextInt(4) : r.nextBoolean(), () -> new HashMap<>(Map.of("a", 2L, "b", 1L))));
    }

    private static void assertMixed(int[] seen) {
        assertTrue(seen[0] > 20 && seen[1] > 20, "the random histories should be both linearizable and not: " + seen[0] + " / " + seen[1]);
    }

    private static int[] crossCheck(Model<?> model, long seed, Function<Random, Call> gen, Sim sim, BiFunction<Call, Random, Object> noise,
            java.util.function.Supplier<Object> initial) {
        return run(model, seed, gen, sim, noise, initial, true);
    }

    private static int[] crossCheckWhole(Model<?> model, long seed, Function<Random, Call> gen, Sim sim, BiFunction<Call, Random, Object> noise) {
        return run(model, seed, gen, sim, noise, HashMap::new, false);
    }

    private static int[] run(Model<?> model, long seed, Function<Random, Call> gen, Sim sim, BiFunction<Call, Random, Object> noise,
            java.util.function.Supplier<Object> initial, boolean split) {
        Random r = new Random(seed);
        int[] seen = new int[2];
        for (int round = 0; round < 400; round++) {
            History h = randomHistory(r, gen, sim, noise, initial);
            boolean expected = naive(model, h.operations());
            CheckResult got = Linearizability.check(h, model, Linearizability.Options.defaults().withSplit(split).withThreads(1).withAllParts(true));
            assertEquals(expected, got.linearizable(), () -> "seed " + seed + " round " + (seen[0] + seen[1]) + ":\n" + describe(h));
            seen[expected ? 0 : 1]++;
        }
        return seen;
    }

    static String describe(History h) {
        StringBuilder sb = new StringBuilder();
        for (Operation op : h.operations()) {
            sb.append("  ").append(op.client()).append(' ').append(op.describe()).append(" [").append(op.call()).append(", ")
                    .append(op.pending() ? "pending" : op.ret()).append("]\n");
        }
        return sb.toString();
    }

    /**
     * Up to 4 clients, up to 8 operations; times overlap often; a pending operation ends its client.
     * Results come from a sequential run in a random order of linearization points (so often
     * linearizable), sometimes replaced by noise.
     */
    static History randomHistory(Random r, Function<Random, Call> gen, Sim sim, BiFunction<Call, Random, Object> noise,
            java.util.function.Supplier<Object> initial) {
        int clients = 2 + r.nextInt(3);
        int total = 3 + r.nextInt(6);
        record Planned(String client, Call call, long start, long end, boolean pending, double point) {}
        List<Planned> plan = new ArrayList<>();
        long[] clock = new long[clients];
        boolean[] crashed = new boolean[clients];
        for (int i = 0; i < total; i++) {
            int c = r.nextInt(clients);
            if (crashed[c]) {
                continue;
            }
            long start = clock[c] + r.nextInt(4);
            long end = start + r.nextInt(7);
            boolean pending = r.nextInt(8) == 0;
            double point = start + r.nextDouble() * (end - start);
            if (pending) {
                crashed[c] = true;
                point = r.nextBoolean() ? Double.MAX_VALUE : start + r.nextDouble() * 20;
            }
            clock[c] = end + 1 + r.nextInt(3);
            plan.add(new Planned("c" + c, gen.apply(r), start, end, pending, point));
        }
        List<Planned> byPoint = new ArrayList<>(plan);
        byPoint.sort((a, b) -> Double.compare(a.point(), b.point()));
        Map<Planned, Object> results = new HashMap<>();
        Object[] state = {initial.get()};
        for (Planned p : byPoint) {
            if (p.point() != Double.MAX_VALUE) {
                results.put(p, sim.apply(state, p.call()));
            }
        }
        plan.sort((a, b) -> Long.compare(a.start(), b.start()));
        List<Operation> ops = new ArrayList<>();
        for (Planned p : plan) {
            Object result = results.get(p);
            if (!p.pending() && r.nextInt(6) == 0) {
                result = noise.apply(p.call(), r);
            }
            ops.add(new Operation(ops.size(), p.client(), p.call().name(), p.call().args(), p.pending() ? null : result, p.start(),
                    p.pending() ? Operation.PENDING : p.end(), 0, 0));
        }
        return new History("random", "test", ops, 0);
    }

    /** Every order that respects real time, pending operations taken or not, no memoization. */
    static <S> boolean naive(Model<S> model, List<Operation> ops) {
        int completed = 0;
        for (Operation op : ops) {
            if (!op.pending()) {
                completed++;
            }
        }
        return naive(model, ops, new boolean[ops.size()], model.initial(), completed);
    }

    private static <S> boolean naive(Model<S> model, List<Operation> ops, boolean[] placed, S state, int left) {
        if (left == 0) {
            return true;
        }
        for (int i = 0; i < ops.size(); i++) {
            if (placed[i]) {
                continue;
            }
            boolean ready = true;
            for (int j = 0; j < ops.size() && ready; j++) {
                if (!placed[j] && j != i && ops.get(j).precedes(ops.get(i))) {
                    ready = false;
                }
            }
            if (!ready) {
                continue;
            }
            Optional<S> next = model.step(state, ops.get(i));
            if (next.isPresent()) {
                placed[i] = true;
                boolean ok = naive(model, ops, placed, next.get(), ops.get(i).pending() ? left : left - 1);
                placed[i] = false;
                if (ok) {
                    return true;
                }
            }
        }
        return false;
    }
}
