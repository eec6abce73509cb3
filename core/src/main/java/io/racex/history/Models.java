package io.racex.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The models racex knows, by name for {@code racex check-history --model NAME}. Each one's
 * operations, with the result a call returns ({@code ?}: nothing or anything; a pending
 * operation's result is always unknown):
 *
 * <ul>
 *   <li>{@code register}: {@code read() -> v}, {@code write(v)}, {@code cas(from, to) -> true|false};
 *       initially {@code nil} (Jepsen's etcd and Knossos's cas-register).</li>
 *   <li>{@code kv}: {@code get(k) -> v}, {@code put(k, v)}, {@code append(k, v)}; a key never written
 *       reads as {@code ""} (as in MIT 6.824 and Porcupine); split by key.</li>
 *   <li>{@code counter}: {@code inc() -> ?}, {@code dec() -> ?}, {@code add(n) -> ?} (the value after,
 *       when returned), {@code getAndAdd(n) -> before}, {@code get() -> n}; initially 0.</li>
 *   <li>{@code set}: {@code add(x) -> ?}, {@code remove(x) -> ?} ({@code true} if it changed the set,
 *       when returned), {@code contains(x) -> bool}, {@code read() -> [elements]}, {@code size() -> n}.</li>
 *   <li>{@code queue} (FIFO): {@code enqueue(x)}, {@code dequeue() -> x} ({@code nil} when empty),
 *       {@code peek() -> x}, {@code size() -> n}; {@code offer}/{@code poll} are the same.</li>
 *   <li>{@code bank}: {@code transfer(from, to, amount) -> ?}, {@code withdraw(account, amount) -> ?}
 *       ({@code false}: refused for want of funds; balances never go below zero),
 *       {@code deposit(account, amount)}, {@code balance(account) -> n}, {@code read() -> {account: n}};
 *       accounts start with the given balances, others with 0.</li>
 * </ul>
 */
public final class Models {
    /** The names {@link #byName} accepts. */
    public static final List<String> NAMES = List.of("register", "kv", "counter", "set", "queue", "bank");

    private Models() {}

    /** A read/write/compare-and-set register, initially {@code nil}. */
    public static Model<?> register() {
        return new RegisterModel(null);
    }

    /** A register holding {@code initial} at first. */
    public static Model<?> register(Object initial) {
        return new RegisterModel(Values.normalize(initial));
    }

    /** A key-value store of strings with get/put/append, split by key, every key {@code ""} at first. */
    public static Model<?> kv() {
        return new KvModel(Map.of());
    }

    /** A key-value store holding {@code initial} at first. */
    public static Model<?> kv(Map<?, ?> initial) {
        return new KvModel(initial);
    }

    /** A counter, 0 at first. */
    public static Model<?> counter() {
        return new CounterModel(0);
    }

    /** A counter holding {@code initial} at first. */
    public static Model<?> counter(long initial) {
        return new CounterModel(initial);
    }

    /** A set, empty at first. */
    public static Model<?> set() {
        return new SetModel(List.of());
    }

    /** A set holding {@code initial} at first. */
    public static Model<?> set(Collection<?> initial) {
        return new SetModel(initial);
    }

    /** A FIFO queue, empty at first. */
    public static Model<?> queue() {
        return new QueueModel(List.of());
    }

    /** A FIFO queue holding {@code initial} (head first) at first. */
    public static Model<?> queue(List<?> initial) {
        return new QueueModel(initial);
    }

    /** Bank accounts with these balances at first (other accounts hold 0). */
    public static Model<?> bank(Map<?, ? extends Number> initial) {
        return new BankModel(initial);
    }

    /**
     * The model named {@code name} ({@link #NAMES}), starting from {@code initial} when it is not
     * null (a JSON value: a register's value, a counter's number, a set's or queue's array, a
     * key-value store's or bank's object). A name with a dot is a class on the classpath that
     * implements {@link Model} and has a public no-argument constructor.
     */
    public static Model<?> byName(String name, Object initial) {
        Object init = Values.normalize(initial);
        try {
            switch (name) {
                case "register":
                    return init == null ? register() : register(init);
                case "kv":
                    return init == null ? kv() : kv(asMap(init, "kv"));
                case "counter":
                    if (init != null && !(init instanceof Long)) {
                        throw new HistoryException("the counter's initial value must be an integer, not " + Values.format(init));
                    }
                    return counter(init == null ? 0 : (Long) init);
                case "set":
                    return init == null ? set() : set(asList(init, "set"));
                case "queue":
                    return init == null ? queue() : queue(asList(init, "queue"));
                case "bank": {
                    Map<Object, Long> balances = new LinkedHashMap<>();
                    if (init != null) {
                        for (Map.Entry<?, ?> e : asMap(init, "bank").entrySet()) {
                            if (!(e.getValue() instanceof Long l)) {
                                throw new HistoryException("the bank's initial balances must be integers; " + Values.format(e.getKey())
                                        + " has " + Values.format(e.getValue()));
                            }
                            balances.put(e.getKey(), l);
                        }
                    }
                    return bank(balances);
                }
                default:
                    break;
            }
        } catch (IllegalArgumentException e) {
            throw new HistoryException(e.getMessage());
        }
        if (name.indexOf('.') > 0) {
            return userModel(name);
        }
        throw new HistoryException("unknown model '" + name + "' (known: " + String.join(", ", NAMES)
                + ", or the name of a class on the classpath that implements io.racex.history.Model)");
    }

    private static Model<?> userModel(String className) {
        try {
            Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            if (!Model.class.isAssignableFrom(c)) {
                throw new HistoryException("class " + className + " does not implement io.racex.history.Model");
            }
            return (Model<?>) c.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new HistoryException("unknown model '" + className + "': no such class on the classpath (known models: "
                    + String.join(", ", NAMES) + ")");
        } catch (ReflectiveOperationException e) {
            throw new HistoryException("cannot create model " + className + ": it needs a public constructor without arguments");
        }
    }

    private static Map<?, ?> asMap(Object v, String model) {
        if (v instanceof Map<?, ?> m) {
            return m;
        }
        throw new HistoryException("the " + model + " model's initial state must be a JSON object, not " + Values.format(v));
    }

    private static List<?> asList(Object v, String model) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw new HistoryException("the " + model + " model's initial state must be a JSON array, not " + Values.format(v));
    }

    // ---- shared checks ----

    static IllegalArgumentException unknown(Operation op, String model, String known) {
        return new IllegalArgumentException("unknown operation '" + op.name() + "' for the " + model + " model (known: " + known + ")");
    }

    static void arity(Operation op, int n, String usage) {
        if (op.args().size() != n) {
            throw new IllegalArgumentException(op.name() + " takes " + (n == 0 ? "no arguments" : n == 1 ? "1 argument" : n + " arguments")
                    + ": " + usage + ", not " + op.describe());
        }
    }

    static long amount(Operation op, int i, String usage) {
        Object v = op.arg(i);
        if (!(v instanceof Long l)) {
            throw new IllegalArgumentException(op.name() + " needs an integer at argument " + (i + 1) + ": " + usage + ", not " + op.describe());
        }
        return l;
    }

    /** A returned boolean, or null when pending or nothing was returned (the result is then free). */
    static Boolean flag(Operation op) {
        if (op.pending() || op.result() == null) {
            return null;
        }
        if (op.result() instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(op.name() + " returns true or false, not " + Values.format(op.result()));
    }

    static boolean known(Operation op) {
        return !op.pending() && op.result() != null;
    }

    static String sortedDescription(Map<?, ?> map) {
        List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
        entries.sort(Comparator.comparing(e -> Values.format(e.getKey())));
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<?, ?> e : entries) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            Values.format(sb, e.getKey());
            sb.append(": ");
            Values.format(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    // ---- register ----

    /** The register's state: its value, {@code null} for nil. */
    record Register(Object value) {
        @Override
        public String toString() {
            return Values.format(value);
        }
    }

    static final class RegisterModel implements Model<Register> {
        private final Register initial;

        RegisterModel(Object initial) {
            this.initial = new Register(initial);
        }

        @Override
        public String name() {
            return "register";
        }

        @Override
        public Register initial() {
            return initial;
        }

        @Override
        public void validate(Operation op) {
            switch (op.name()) {
                case "read" -> {
                    if (op.args().size() > 1 || (op.args().size() == 1 && op.arg(0) != null)) {
                        arity(op, 0, "read() -> value");
                    }
                }
                case "write" -> arity(op, 1, "write(value)");
                case "cas" -> {
                    arity(op, 2, "cas(from, to) -> true|false");
                    flag(op);
                }
                default -> throw unknown(op, "register", "read, write, cas");
            }
        }

        @Override
        public Optional<Register> step(Register s, Operation op) {
            switch (op.name()) {
                case "read":
                    return op.pending() || Objects.equals(op.result(), s.value()) ? Optional.of(s) : Optional.empty();
                case "write":
                    return Optional.of(new Register(op.arg(0)));
                case "cas": {
                    boolean matches = Objects.equals(s.value(), op.arg(0));
                    Boolean ok = flag(op);
                    if (ok == null) {
                        return Optional.of(matches ? new Register(op.arg(1)) : s);
                    }
                    if (ok != matches) {
                        return Optional.empty();
                    }
                    return Optional.of(matches ? new Register(op.arg(1)) : s);
                }
                default:
                    throw unknown(op, "register", "read, write, cas");
            }
        }

        @Override
        public boolean readOnly(Operation op) {
            return op.name().equals("read") || (op.name().equals("cas") && Boolean.FALSE.equals(op.result()) && !op.pending());
        }

        @Override
        public String describeOperation(Operation op) {
            return op.describe(!op.name().equals("write"));
        }

        @Override
        public String describe(Register s) {
            return Values.format(s.value());
        }

        @Override
        public String whyNot(Register s, Operation op) {
            if (op.name().equals("read")) {
                return "read " + Values.format(op.result()) + " but the register holds " + describe(s);
            }
            if (Boolean.TRUE.equals(op.result())) {
                return "the cas succeeded but the register holds " + describe(s) + ", not " + Values.format(op.arg(0));
            }
            return "the cas failed but the register holds " + describe(s) + ", so it would have succeeded";
        }
    }

    // ---- key-value ----

    /**
     * The key-value store's state: keys in a canonical order with their values (strings as
     * {@link Text}, so an append costs the piece appended); absent keys hold {@code ""}, and a key
     * holding {@code ""} is absent, so equal stores are equal states.
     */
    static final class Kv {
        static final Kv EMPTY = new Kv(new Object[0], new Object[0]);
        private final Object[] keys;
        private final Object[] values;
        private final int hash;

        private Kv(Object[] keys, Object[] values) {
            this.keys = keys;
            this.values = values;
            int h = 0;
            for (int i = 0; i < keys.length; i++) {
                h += Objects.hashCode(keys[i]) ^ values[i].hashCode();
            }
            this.hash = h;
        }

        private int indexOf(Object key) {
            for (int i = 0; i < keys.length; i++) {
                if (Objects.equals(keys[i], key)) {
                    return i;
                }
            }
            return -1;
        }

        /** The value of {@code key}: a {@link Text} for strings, {@code Text.EMPTY} when absent. */
        Object get(Object key) {
            int i = indexOf(key);
            return i < 0 ? Text.EMPTY : values[i];
        }

        Kv with(Object key, Object value) {
            boolean empty = value instanceof Text t && t.length() == 0;
            int i = indexOf(key);
            if (i >= 0) {
                if (empty) {
                    Object[] k = new Object[keys.length - 1];
                    Object[] v = new Object[keys.length - 1];
                    System.arraycopy(keys, 0, k, 0, i);
                    System.arraycopy(keys, i + 1, k, i, keys.length - i - 1);
                    System.arraycopy(values, 0, v, 0, i);
                    System.arraycopy(values, i + 1, v, i, keys.length - i - 1);
                    return new Kv(k, v);
                }
                Object[] v = values.clone();
                v[i] = value;
                return new Kv(keys, v);
            }
            if (empty) {
                return this;
            }
            // canonical order: by hash, then by the key as text
            int at = 0;
            while (at < keys.length && order(keys[at], key) < 0) {
                at++;
            }
            Object[] k = new Object[keys.length + 1];
            Object[] v = new Object[keys.length + 1];
            System.arraycopy(keys, 0, k, 0, at);
            System.arraycopy(values, 0, v, 0, at);
            k[at] = key;
            v[at] = value;
            System.arraycopy(keys, at, k, at + 1, keys.length - at);
            System.arraycopy(values, at, v, at + 1, keys.length - at);
            return new Kv(k, v);
        }

        private static int order(Object a, Object b) {
            int c = Integer.compare(Objects.hashCode(a), Objects.hashCode(b));
            return c != 0 ? c : Values.format(a).compareTo(Values.format(b));
        }

        static Object plain(Object v) {
            return v instanceof Text t ? t.toString() : v;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Kv k && k.hash == hash && java.util.Arrays.equals(keys, k.keys) && java.util.Arrays.equals(values, k.values);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                m.put(keys[i], plain(values[i]));
            }
            return sortedDescription(m);
        }
    }

    static final class KvModel implements Model<Kv> {
        private final Kv initial;

        KvModel(Map<?, ?> initial) {
            Kv s = Kv.EMPTY;
            for (Map.Entry<?, ?> e : initial.entrySet()) {
                s = s.with(Values.normalize(e.getKey()), stored(Values.normalize(e.getValue())));
            }
            this.initial = s;
        }

        private static Object stored(Object v) {
            return v == null ? Text.EMPTY : v instanceof String str ? Text.of(str) : v;
        }

        @Override
        public String name() {
            return "kv";
        }

        @Override
        public Kv initial() {
            return initial;
        }

        @Override
        public void validate(Operation op) {
            switch (op.name()) {
                case "get" -> {
                    if (op.args().size() == 2 && op.arg(1) == null) {
                        return; // Jepsen's :value nil on the invoke
                    }
                    arity(op, 1, "get(key) -> value");
                }
                case "put" -> arity(op, 2, "put(key, value)");
                case "append" -> arity(op, 2, "append(key, value)");
                default -> throw unknown(op, "kv", "get, put, append");
            }
        }

        @Override
        public Object part(Operation op) {
            return op.arg(0);
        }

        @Override
        public Optional<Kv> step(Kv s, Operation op) {
            Object key = op.arg(0);
            switch (op.name()) {
                case "get":
                    return op.pending() || reads(s.get(key), op.result()) ? Optional.of(s) : Optional.empty();
                case "put":
                    return Optional.of(s.with(key, stored(op.arg(1))));
                case "append": {
                    Object current = s.get(key);
                    Text base = current instanceof Text t ? t : Text.of(Values.format(current));
                    Object v = op.arg(1);
                    return Optional.of(s.with(key, base.append(v == null ? "" : v instanceof String str ? str : Values.format(v))));
                }
                default:
                    throw unknown(op, "kv", "get, put, append");
            }
        }

        private static boolean reads(Object held, Object result) {
            Object got = result == null ? "" : result;
            if (held instanceof Text t) {
                return got instanceof String str && t.contentEquals(str);
            }
            return held.equals(got);
        }

        @Override
        public boolean readOnly(Operation op) {
            return op.name().equals("get");
        }

        /** A put on the key whose value {@code read}'s result starts with: after it, appends can lead to the read. */
        @Override
        public boolean resets(Operation op, Operation read) {
            if (!op.name().equals("put") || !Objects.equals(op.arg(0), read.arg(0))) {
                return false;
            }
            Object got = read.result() == null ? "" : read.result();
            Object v = op.arg(1) == null ? "" : op.arg(1);
            return !(got instanceof String g && v instanceof String put) || g.startsWith(put);
        }

        /** Appends only extend a key's value: a get must read an extension of what the key holds. */
        @Override
        public boolean unreachable(Kv s, Operation read) {
            if (!read.name().equals("get") || read.pending()) {
                return false;
            }
            Object got = read.result() == null ? "" : read.result();
            Object held = s.get(read.arg(0));
            if (!(got instanceof String str) || !(held instanceof Text t)) {
                return false;
            }
            return !t.isPrefixOf(str);
        }

        @Override
        public String describeOperation(Operation op) {
            return op.describe(op.name().equals("get"));
        }

        @Override
        public String describe(Kv s) {
            return s.toString();
        }

        @Override
        public String whyNot(Kv s, Operation op) {
            return "get returned " + Values.format(op.result() == null ? "" : op.result()) + " but key " + Values.format(op.arg(0)) + " holds "
                    + Values.format(Kv.plain(s.get(op.arg(0))));
        }
    }

    // ---- counter ----

    static final class CounterModel implements Model<Long> {
        private static final String KNOWN = "inc, dec, add, get, getAndAdd, getAndIncrement, incrementAndGet, addAndGet";
        private final long initial;

        CounterModel(long initial) {
            this.initial = initial;
        }

        @Override
        public String name() {
            return "counter";
        }

        @Override
        public Long initial() {
            return initial;
        }

        @Override
        public void validate(Operation op) {
            switch (op.name()) {
                case "inc", "dec", "incrementAndGet", "getAndIncrement", "get", "read" -> arity(op, 0, op.name() + "()");
                case "add", "addAndGet", "getAndAdd" -> {
                    arity(op, 1, op.name() + "(n)");
                    amount(op, 0, op.name() + "(n)");
                }
                default -> throw unknown(op, "counter", KNOWN);
            }
            if (known(op) && !(op.result() instanceof Long)) {
                throw new IllegalArgumentException(op.name() + " returns an integer, not " + Values.format(op.result()));
            }
        }

        private static long delta(Operation op) {
            return switch (op.name()) {
                case "inc", "incrementAndGet", "getAndIncrement" -> 1;
                case "dec" -> -1;
                case "add", "addAndGet", "getAndAdd" -> (Long) op.arg(0);
                default -> 0;
            };
        }

        private static boolean returnsBefore(Operation op) {
            return op.name().startsWith("getAnd") || op.name().equals("get") || op.name().equals("read");
        }

        @Override
        public Optional<Long> step(Long n, Operation op) {
            long after = n + delta(op);
            if (!known(op)) {
                return Optional.of(after);
            }
            long expected = returnsBefore(op) ? n : after;
            return ((Long) op.result()) == expected ? Optional.of(after) : Optional.empty();
        }

        @Override
        public boolean readOnly(Operation op) {
            return op.name().equals("get") || op.name().equals("read");
        }

        @Override
        public String whyNot(Long n, Operation op) {
            if (readOnly(op)) {
                return op.name() + " returned " + op.result() + " but the counter is " + n;
            }
            return op.name() + " returned " + op.result() + " but the counter goes from " + n + " to " + (n + delta(op));
        }
    }

    // ---- set ----

    static final class SetModel implements Model<Set<Object>> {
        private static final String KNOWN = "add, remove, contains, read, size";
        private final Set<Object> initial;

        SetModel(Collection<?> initial) {
            this.initial = Set.copyOf(Values.normalizeAll(initial));
        }

        @Override
        public String name() {
            return "set";
        }

        @Override
        public Set<Object> initial() {
            return initial;
        }

        @Override
        public void validate(Operation op) {
            switch (op.name()) {
                case "add", "remove" -> {
                    arity(op, 1, op.name() + "(x) -> true|false");
                    flag(op);
                }
                case "contains" -> {
                    arity(op, 1, "contains(x) -> true|false");
                    flag(op);
                }
                case "read" -> {
                    arity(op, 0, "read() -> [elements]");
                    if (known(op) && !(op.result() instanceof Collection<?>)) {
                        throw new IllegalArgumentException("read returns the elements as an array, not " + Values.format(op.result()));
                    }
                }
                case "size" -> arity(op, 0, "size() -> n");
                default -> throw unknown(op, "set", KNOWN);
            }
        }

        @Override
        public Optional<Set<Object>> step(Set<Object> s, Operation op) {
            Object x = op.arg(0);
            switch (op.name()) {
                case "add": {
                    Boolean r = flag(op);
                    boolean absent = !s.contains(x);
                    if (r != null && r != absent) {
                        return Optional.empty();
                    }
                    if (!absent) {
                        return Optional.of(s);
                    }
                    Set<Object> next = new HashSet<>(s);
                    next.add(x);
                    return Optional.of(Collections.unmodifiableSet(next));
                }
                case "remove": {
                    Boolean r = flag(op);
                    boolean present = s.contains(x);
                    if (r != null && r != present) {
                        return Optional.empty();
                    }
                    if (!present) {
                        return Optional.of(s);
                    }
                    Set<Object> next = new HashSet<>(s);
                    next.remove(x);
                    return Optional.of(Collections.unmodifiableSet(next));
                }
                case "contains": {
                    Boolean r = flag(op);
                    return r == null || r == s.contains(x) ? Optional.of(s) : Optional.empty();
                }
                case "read": {
                    if (!known(op)) {
                        return Optional.of(s);
                    }
                    Collection<?> got = (Collection<?>) op.result();
                    Set<Object> asSet = new HashSet<>(got);
                    return asSet.size() == got.size() && asSet.equals(s) ? Optional.of(s) : Optional.empty();
                }
                case "size":
                    return !known(op) || Long.valueOf(s.size()).equals(op.result()) ? Optional.of(s) : Optional.empty();
                default:
                    throw unknown(op, "set", KNOWN);
            }
        }

        @Override
        public boolean readOnly(Operation op) {
            return switch (op.name()) {
                case "contains", "read", "size" -> true;
                case "add", "remove" -> Boolean.FALSE.equals(op.result()) && !op.pending();
                default -> false;
            };
        }

        @Override
        public String describe(Set<Object> s) {
            List<String> items = new ArrayList<>();
            for (Object x : s) {
                items.add(Values.format(x));
            }
            Collections.sort(items);
            return "#{" + String.join(", ", items) + "}";
        }

        @Override
        public String whyNot(Set<Object> s, Operation op) {
            return op.describe() + " is not what the set " + describe(s) + " gives";
        }
    }

    // ---- queue ----

    static final class QueueModel implements Model<List<Object>> {
        private static final String KNOWN = "enqueue, offer, dequeue, poll, peek, size";
        private final List<Object> initial;

        QueueModel(List<?> initial) {
            this.initial = Values.normalizeAll(initial);
        }

        @Override
        public String name() {
            return "queue";
        }

        @Override
        public List<Object> initial() {
            return initial;
        }

        @Override
        public void validate(Operation op) {
            switch (op.name()) {
                case "enqueue", "offer" -> arity(op, 1, op.name() + "(x)");
                case "dequeue", "poll", "peek" -> arity(op, 0, op.name() + "() -> x or nil when empty");
                case "size" -> arity(op, 0, "size() -> n");
                default -> throw unknown(op, "queue", KNOWN);
            }
        }

        @Override
        public Optional<List<Object>> step(List<Object> q, Operation op) {
            switch (op.name()) {
                case "enqueue":
                case "offer": {
                    if (Boolean.FALSE.equals(op.result())) {
                        return Optional.empty(); // an unbounded queue takes every element
                    }
                    List<Object> next = new ArrayList<>(q.size() + 1);
                    next.addAll(q);
                    next.add(op.arg(0));
                    return Optional.of(Collections.unmodifiableList(next));
                }
                case "dequeue":
                case "poll": {
                    if (op.pending()) {
                        return Optional.of(q.isEmpty() ? q : q.subList(1, q.size()));
                    }
                    if (q.isEmpty()) {
                        return op.result() == null ? Optional.of(q) : Optional.empty();
                    }
                    return Objects.equals(q.get(0), op.result()) ? Optional.of(List.copyOf(q.subList(1, q.size()))) : Optional.empty();
                }
                case "peek":
                    return op.pending() || Objects.equals(q.isEmpty() ? null : q.get(0), op.result()) ? Optional.of(q) : Optional.empty();
                case "size":
                    return !known(op) || Long.valueOf(q.size()).equals(op.result()) ? Optional.of(q) : Optional.empty();
                default:
                    throw unknown(op, "queue", KNOWN);
            }
        }

        @Override
        public boolean readOnly(Operation op) {
            return switch (op.name()) {
                case "peek", "size" -> true;
                case "dequeue", "poll" -> !op.pending() && op.result() == null;
                default -> false;
            };
        }

        @Override
        public String describeOperation(Operation op) {
            return op.describe(!op.name().equals("enqueue") && !op.name().equals("offer") || op.result() != null);
        }

        @Override
        public String describe(List<Object> q) {
            return Values.format(q);
        }

        @Override
        public String whyNot(List<Object> q, Operation op) {
            if (op.name().equals("size")) {
                return "size returned " + op.result() + " but the queue holds " + q.size();
            }
            if (op.name().equals("enqueue") || op.name().equals("offer")) {
                return op.name() + " returned false but the queue is unbounded";
            }
            return op.name() + " returned " + Values.format(op.result()) + " but " + (q.isEmpty() ? "the queue is empty" : "the head is " + Values.format(q.get(0)));
        }
    }

    // ---- bank ----

    /** Balances of the accounts; absent accounts hold 0. */
    record Accounts(Map<Object, Long> balances) {
        long of(Object account) {
            Long b = balances.get(account);
            return b == null ? 0 : b;
        }

        Accounts plus(Object account, long delta) {
            Map<Object, Long> m = new HashMap<>(balances);
            m.put(account, of(account) + delta);
            return new Accounts(Collections.unmodifiableMap(m));
        }

        @Override
        public String toString() {
            return sortedDescription(balances);
        }
    }

    static final class BankModel implements Model<Accounts> {
        private static final String KNOWN = "transfer, withdraw, deposit, balance, read";
        private final Accounts initial;

        BankModel(Map<?, ? extends Number> initial) {
            Map<Object, Long> m = new HashMap<>();
            initial.forEach((k, v) -> m.put(Values.normalize(k), v.longValue()));
            this.initial = new Accounts(Collections.unmodifiableMap(m));
        }

        @Override
        public String name() {
            return "bank";
        }

        @Override
        public Accounts initial() {
            return initial;
        }

        @Override
        public void validate(Operation op) {
            switch (op.name()) {
                case "transfer" -> {
                    arity(op, 3, "transfer(from, to, amount) -> true|false");
                    nonNegative(op, 2, "transfer(from, to, amount)");
                    flag(op);
                }
                case "withdraw" -> {
                    arity(op, 2, "withdraw(account, amount) -> true|false");
                    nonNegative(op, 1, "withdraw(account, amount)");
                    flag(op);
                }
                case "deposit" -> {
                    arity(op, 2, "deposit(account, amount)");
                    nonNegative(op, 1, "deposit(account, amount)");
                }
                case "balance" -> {
                    arity(op, 1, "balance(account) -> n");
                    if (known(op) && !(op.result() instanceof Long)) {
                        throw new IllegalArgumentException("balance returns an integer, not " + Values.format(op.result()));
                    }
                }
                case "read" -> {
                    arity(op, 0, "read() -> {account: balance, ...}");
                    if (known(op) && !(op.result() instanceof Map<?, ?>)) {
                        throw new IllegalArgumentException("read returns an object of balances, not " + Values.format(op.result()));
                    }
                }
                default -> throw unknown(op, "bank", KNOWN);
            }
        }

        private static void nonNegative(Operation op, int i, String usage) {
            if (amount(op, i, usage) < 0) {
                throw new IllegalArgumentException(op.name() + " of a negative amount: " + op.describe());
            }
        }

        @Override
        public Optional<Accounts> step(Accounts s, Operation op) {
            switch (op.name()) {
                case "transfer":
                case "withdraw": {
                    boolean transfer = op.name().equals("transfer");
                    Object from = op.arg(0);
                    long amount = (Long) op.arg(transfer ? 2 : 1);
                    boolean funded = s.of(from) >= amount;
                    Boolean ok = flag(op);
                    if (ok != null && ok != funded) {
                        return Optional.empty();
                    }
                    if (!funded) {
                        return Optional.of(s);
                    }
                    Accounts next = s.plus(from, -amount);
                    return Optional.of(transfer ? next.plus(op.arg(1), amount) : next);
                }
                case "deposit":
                    return Optional.of(s.plus(op.arg(0), (Long) op.arg(1)));
                case "balance":
                    return !known(op) || ((Long) op.result()) == s.of(op.arg(0)) ? Optional.of(s) : Optional.empty();
                case "read": {
                    if (!known(op)) {
                        return Optional.of(s);
                    }
                    Map<?, ?> got = (Map<?, ?>) op.result();
                    Set<Object> accounts = new HashSet<>(s.balances().keySet());
                    accounts.addAll(got.keySet());
                    for (Object a : accounts) {
                        Object g = got.get(a);
                        long seen = g == null ? 0 : g instanceof Long l ? l : Long.MIN_VALUE;
                        if (seen != s.of(a)) {
                            return Optional.empty();
                        }
                    }
                    return Optional.of(s);
                }
                default:
                    throw unknown(op, "bank", KNOWN);
            }
        }

        @Override
        public boolean readOnly(Operation op) {
            return switch (op.name()) {
                case "balance", "read" -> true;
                case "transfer", "withdraw" -> Boolean.FALSE.equals(op.result()) && !op.pending();
                default -> false;
            };
        }

        @Override
        public String describeOperation(Operation op) {
            return op.describe(!op.name().equals("deposit") || op.result() != null);
        }

        @Override
        public String describe(Accounts s) {
            return s.toString();
        }

        @Override
        public String whyNot(Accounts s, Operation op) {
            switch (op.name()) {
                case "transfer":
                case "withdraw": {
                    Object from = op.arg(0);
                    long amount = (Long) op.arg(op.name().equals("transfer") ? 2 : 1);
                    return Boolean.TRUE.equals(op.result())
                            ? op.name() + " of " + amount + " succeeded but account " + Values.format(from) + " holds only " + s.of(from)
                            : op.name() + " of " + amount + " was refused but account " + Values.format(from) + " holds " + s.of(from);
                }
                case "balance":
                    return "balance returned " + op.result() + " but account " + Values.format(op.arg(0)) + " holds " + s.of(op.arg(0));
                default:
                    return "read returned " + Values.format(op.result()) + " but the balances are " + describe(s);
            }
        }
    }
}
