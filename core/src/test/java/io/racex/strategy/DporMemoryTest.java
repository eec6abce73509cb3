package io.racex.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.Execution;
import io.racex.engine.ControlledRuntime;
import io.racex.store.Footprint;
import io.racex.store.memory.MemoryAccess;
import io.racex.store.Store;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What a long {@link Dpor} search keeps: the nodes of its current branch and the sequences still
 * to explore (its wakeup trees), not what it explored. Counted by walking the objects the search
 * reaches, so the test fails if anything per execution (an execution, an event list, clocks) is
 * kept, whatever its size.
 */
class DporMemoryTest {
    /** The objects reachable from a root, and how many of each class. */
    private record Graph(Set<Object> objects, Map<Class<?>, Integer> count) {
        int of(Class<?> c) {
            return count.getOrDefault(c, 0);
        }

        int all() {
            return objects.size();
        }
    }

    /**
     * The objects reachable from {@code root}: racex's strategy objects and footprints are walked,
     * collections, maps and arrays too; anything else (a BitSet, a string, a step request) counts as
     * one object.
     */
    private static Graph reachable(Object root) throws IllegalAccessException {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<Class<?>, Integer> count = new HashMap<>();
        Deque<Object> todo = new ArrayDeque<>();
        Consumer<Object> push = o -> {
            if (o != null) {
                todo.push(o);
            }
        };
        push.accept(root);
        while (!todo.isEmpty()) {
            Object o = todo.pop();
            if (!seen.add(o)) {
                continue;
            }
            Class<?> c = o.getClass();
            count.merge(c, 1, Integer::sum);
            if (c.isArray()) {
                if (!c.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(o); i++) {
                        push.accept(Array.get(o, i));
                    }
                }
            } else if (o instanceof Collection<?> coll) {
                coll.forEach(push);
            } else if (o instanceof Map<?, ?> map) {
                map.forEach((k, v) -> {
                    push.accept(k);
                    push.accept(v);
                });
            } else if (c.getPackageName().equals("io.racex.strategy") || c == Footprint.class) {
                for (Class<?> k = c; k != Object.class; k = k.getSuperclass()) {
                    for (Field f : k.getDeclaredFields()) {
                        if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
                            f.setAccessible(true);
                            push.accept(f.get(o));
                        }
                    }
                }
            }
        }
        return new Graph(seen, count);
    }

    @Test
    void aLongSearchKeepsItsBranchAndItsPendingSequencesOnly() throws Exception {
        Scenario<MemoryAccess> s = TestScenarios.lastzero(12); // 15,360 traces
        Dpor dpor = new Dpor();
        Graph early = null;
        try (Store<MemoryAccess> store = s.newStore(); ControlledRuntime runtime = new ControlledRuntime()) {
            for (int k = 1; k <= 3_000; k++) {
                assertTrue(dpor.beginExecution());
                Execution e = runtime.run(s, store, dpor);
                dpor.endExecution(e);
                if (k == 300) {
                    early = reachable(dpor);
                }
            }
        }
        Graph late = reachable(dpor);
        int nodes = late.of(DporNode.class);
        int trees = late.of(DporTree.class);
        int events = late.of(DporEvent.class);
        String what = "after 3,000 executions: " + late.count();
        assertTrue(nodes > 0 && nodes <= 40, what); // one node per step of the current execution
        assertTrue(trees > 100, what); // sequences planted and still pending
        // each distinct step is one object, however many tree nodes name it
        Set<Object> distinct = new HashSet<>();
        late.objects().stream().filter(o -> o instanceof DporEvent).forEach(distinct::add);
        assertEquals(distinct.size(), events, what);
        assertTrue(events <= 37, what); // thread 0 reads a[12..0], threads 1..12 read and write once each
        // everything else is per node of the branch (enabled threads, next steps, sleep sets) or per event
        int other = late.all() - trees - events;
        assertTrue(other <= 30 * nodes + 10 * events + 100, "kept besides the tree: " + other + " objects " + what);
        // nothing grows with the executions run, only with the pending trees
        int earlyOther = early.all() - early.of(DporTree.class) - early.of(DporEvent.class);
        assertTrue(other - earlyOther < 500, "after 300 executions " + earlyOther + " objects besides the tree, after 3,000 " + other);
    }
}
