package io.racex.store.java;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plain values of user objects, so that outcomes of the same operations compare equal between an
 * explored execution and a serial run (which build different objects): numbers, strings and
 * booleans as they are; arrays and collections as lists (unordered ones sorted by their text);
 * maps as maps; atomics as their value; a user object as the map of its fields, read by
 * reflection (no user code runs, so no step). Objects racex cannot look into show their class.
 */
final class Values {
    private static final int MAX_DEPTH = 8;

    private Values() {}

    /** The plain value of {@code v}. */
    static Object plain(Object v) {
        return plain(v, new IdentityHashMap<>(), 0);
    }

    /** The fields of a user object as a sorted map, or {@code {value=…}} for anything else: a final state. */
    static Map<String, Object> state(Object target) {
        Object p = plain(target);
        Map<String, Object> out = new TreeMap<>();
        if (p instanceof Map<?, ?> m && isUserObject(target)) {
            m.forEach((k, val) -> out.put(String.valueOf(k), val));
        } else {
            out.put("value", p);
        }
        return out;
    }

    private static boolean isUserObject(Object o) {
        String n = o.getClass().getName();
        return !(n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun."));
    }

    private static Object plain(Object v, IdentityHashMap<Object, Boolean> seen, int depth) {
        if (v == null || v instanceof Number && v.getClass().getName().startsWith("java.lang.") || v instanceof Boolean
                || v instanceof String || v instanceof Character) {
            return v;
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof AtomicInteger a) {
            return a.get();
        }
        if (v instanceof AtomicLong a) {
            return a.get();
        }
        if (v instanceof AtomicBoolean a) {
            return a.get();
        }
        if (depth > MAX_DEPTH) {
            return "…";
        }
        if (seen.containsKey(v)) {
            return "(cycle)";
        }
        seen.put(v, Boolean.TRUE);
        try {
            if (v instanceof AtomicReference<?> a) {
                return plain(a.get(), seen, depth + 1);
            }
            if (v.getClass().isArray()) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < Array.getLength(v); i++) {
                    out.add(plain(Array.get(v, i), seen, depth + 1));
                }
                return out;
            }
            if (v instanceof Collection<?> c) {
                List<Object> out = new ArrayList<>();
                for (Object o : c) {
                    out.add(plain(o, seen, depth + 1));
                }
                if (!ordered(c)) {
                    out.sort(Comparator.comparing(String::valueOf));
                }
                return out;
            }
            if (v instanceof Map<?, ?> m) {
                Map<Object, Object> out = ordered(m) ? new LinkedHashMap<>() : new TreeMap<>(Comparator.comparing(String::valueOf));
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.put(plain(e.getKey(), seen, depth + 1), plain(e.getValue(), seen, depth + 1));
                }
                return out;
            }
            if (v instanceof Semaphore s) {
                return "Semaphore(" + s.availablePermits() + " permits)";
            }
            if (v instanceof CountDownLatch l) {
                return "CountDownLatch(" + l.getCount() + ")";
            }
            if (!isUserObject(v)) {
                return Model.simpleName(v.getClass()); // its text may hold identities or thread names
            }
            return fields(v, seen, depth);
        } finally {
            seen.remove(v);
        }
    }

    private static boolean ordered(Object c) {
        return c instanceof List || c instanceof Deque || c instanceof SortedSet || c instanceof SortedMap
                || c instanceof LinkedHashSet || c instanceof LinkedHashMap || c instanceof java.util.Queue;
    }

    /** The instance fields of a class and its user superclasses, made accessible once. */
    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> type) {
            List<Field> out = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class && isUserClass(c); c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                        continue;
                    }
                    try {
                        f.setAccessible(true);
                        out.add(f);
                    } catch (RuntimeException e) {
                        // not open to racex: left out of the state
                    }
                }
            }
            return List.copyOf(out);
        }
    };

    private static Object fields(Object v, IdentityHashMap<Object, Boolean> seen, int depth) {
        Map<String, Object> out = new TreeMap<>();
        for (Field f : FIELDS.get(v.getClass())) {
            try {
                out.putIfAbsent(f.getName(), plain(f.get(v), seen, depth + 1));
            } catch (IllegalAccessException e) {
                out.putIfAbsent(f.getName(), "?");
            }
        }
        return out;
    }

    private static boolean isUserClass(Class<?> c) {
        String n = c.getName();
        return !(n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun."));
    }
}
