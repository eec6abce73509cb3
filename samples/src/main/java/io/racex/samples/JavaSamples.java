package io.racex.samples;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.store.java.JavaStore;
import io.racex.store.java.instrument.InstrumentingClassLoader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Registers the plain-Java samples of {@link io.racex.samples.java}: real classes, loaded through
 * racex's instrumenting class loader, so their steps name fields and source lines
 * ({@code read Bank.a (Bank.java:44)}). Two forms, as a user writes them:
 *
 * <ul>
 *   <li>operations on one object, checked for linearizability against the same calls run one
 *       after another (the report shows the observed outcome beside the allowed ones):
 *       {@code transfer}, {@code counter}, {@code append}, {@code login-tokens},
 *       {@code logout-validation}, {@code connection-pool};</li>
 *   <li>a test body that starts its threads itself, its own assertions the check (the form of
 *       {@code @RacexTest}; the bodies are in {@link io.racex.samples.java.Races}):
 *       {@code shared-transaction}, {@code lock-order}, {@code lazy-init}, {@code missed-signal}
 *       (their outcomes are an exception, a deadlock, object identity and a blocking take, which
 *       no serial run of operations judges).</li>
 * </ul>
 */
final class JavaSamples {
    /** Where the sample classes are; only they are instrumented. */
    static final String PACKAGE = "io.racex.samples.java";

    private static final InstrumentingClassLoader LOADER =
            new InstrumentingClassLoader(JavaSamples.class.getClassLoader(), InstrumentingClassLoader.Filter.of(PACKAGE));

    private JavaSamples() {}

    /** A call of a public method of the object under test: a label for reports, the method's name, its arguments. */
    record Call(String label, String method, Object... arguments) {}

    static void register() {
        SampleCatalog.add("transfer", "seed 003 on a plain Java Bank: transfer(b->a,100) || transfer(c->a,50), each reads both balances then "
                + "writes both: a lost update", true, () -> total450(operations("transfer", "Bank", List.of(100, 200, 150), List.of(),
                transfer("b", 100), transfer("c", 50))));
        SampleCatalog.add("transfer-fixed", "the Bank's transfer synchronized: always a=250 b=100 c=100", false,
                () -> total450(operations("transfer-fixed", "SynchronizedBank", List.of(100, 200, 150), List.of(), transfer("b", 100),
                        transfer("c", 50))));
        SampleCatalog.add("counter", "count++ in two threads on a plain int field: 1 instead of 2", true,
                () -> operations("counter", "Counter", List.of(), List.of(), increment(), increment()));
        SampleCatalog.add("counter-fixed", "count++ in a synchronized method: always 2", false,
                () -> operations("counter-fixed", "SynchronizedCounter", List.of(), List.of(), increment(), increment()));
        SampleCatalog.add("append", "seed 003's find-and-update on a plain String field: two appends of 'a' to 'msg a' give 'msg aa'",
                true, () -> operations("append", "Message", List.of("msg a"), List.of(), update(), update()));
        SampleCatalog.add("append-fixed", "append by compare-and-set on an AtomicReference, retried: always 'msg aaa'", false,
                () -> operations("append-fixed", "CasMessage", List.of("msg a"), List.of(), update(), update()));
        SampleCatalog.add("login-tokens", "seed 000 in plain Java: three logins take the next token by read-then-increment of an int: "
                + "duplicate session tokens", true,
                () -> operations("login-tokens", "LoginService", List.of(), List.of(), login("alice"), login("bob"), login("carol")));
        SampleCatalog.add("login-tokens-fixed", "logins take the token number from an AtomicInteger: every token unique", false,
                () -> operations("login-tokens-fixed", "AtomicLoginService", List.of(), List.of(), login("alice"), login("bob"),
                        login("carol")));
        Call logged = new Call("login(tok-1,alice)", "login", "tok-1", "alice");
        SampleCatalog.add("logout-validation", "seed 000 in plain Java: validate checks the session map, then reads it, while a logout "
                + "removes the session: 'valid: null'", true,
                () -> operations("logout-validation", "Sessions", List.of(), List.of(logged), validate(), logout()));
        SampleCatalog.add("logout-validation-fixed", "validate reads the session once: 'valid: alice' or 'invalid'", false,
                () -> operations("logout-validation-fixed", "ReadOnceSessions", List.of(), List.of(logged), validate(), logout()));
        SampleCatalog.add("connection-pool", "seed 000 in plain Java: 3 requests on a pool of 2, check-then-take: 3 connections handed out",
                true, () -> operations("connection-pool", "ConnectionPool", List.of(2), List.of(), acquire(), acquire(), acquire()));
        SampleCatalog.add("connection-pool-fixed", "take a connection by compare-and-set: the third request is told the pool is exhausted",
                false, () -> operations("connection-pool-fixed", "AtomicConnectionPool", List.of(2), List.of(), acquire(), acquire(),
                        acquire()));
        SampleCatalog.add("shared-transaction", "seed 001 in plain Java: two requests share a Transaction helper's _connection field: "
                + "one closes the other's connection twice", true, () -> body("shared-transaction", "sharedTransaction", 2));
        SampleCatalog.add("shared-transaction-fixed", "the helper keys connections by thread (the PR's fix): each request closes its own",
                false, () -> body("shared-transaction-fixed", "sharedTransactionFixed", 2));
        SampleCatalog.add("lock-order", "transfer(x->y) || transfer(y->x), each synchronized on its source then its destination: "
                + "a deadlock cycle", true, () -> body("lock-order", "lockOrder", 2));
        SampleCatalog.add("lock-order-fixed", "both accounts locked in one global order (lower id first): no cycle", false,
                () -> body("lock-order-fixed", "lockOrderFixed", 2));
        SampleCatalog.add("lazy-init", "check-then-act lazy initialization in two threads: two Config instances", true,
                () -> body("lazy-init", "lazyInit", 2));
        SampleCatalog.add("lazy-init-fixed", "lazy initialization in a synchronized getter: one instance", false,
                () -> body("lazy-init-fixed", "lazyInitFixed", 2));
        SampleCatalog.add("missed-signal", "take() checks, then waits with no loop; put() notifies in between or a wake-up is spurious: "
                + "the message is missed", true, () -> body("missed-signal", "missedSignal", 2));
        SampleCatalog.add("missed-signal-fixed", "a guarded wait: the condition checked under the monitor, in a loop", false,
                () -> body("missed-signal-fixed", "missedSignalFixed", 2));
        SampleCatalog.addFamily("locked-counter", 2, 8, "N threads each lock(); count++; unlock() on a ReentrantLock, started and "
                + "joined in a test body (Fray's benchmark workload): always N, N! traces", false,
                n -> body("locked-counter-" + n, "lockedCounter", n, n));
    }

    /** The bank's invariant, as the in-memory transfer has it: the final fields a, b, c sum to 450. */
    private static Scenario<?> total450(Scenario<?> s) {
        return s.toBuilder().invariant("total balance is 450",
                st -> ((Number) st.get("a")).intValue() + ((Number) st.get("b")).intValue() + ((Number) st.get("c")).intValue() == 450)
                .build();
    }

    private static Call transfer(String from, int amount) {
        return new Call("transfer(" + from + "->a," + amount + ")", "transfer", from, "a", amount);
    }

    private static Call increment() {
        return new Call("increment()", "increment");
    }

    private static Call update() {
        return new Call("update('a')", "update", "a");
    }

    private static Call login(String user) {
        return new Call("login(" + user + ")", "login", user);
    }

    private static Call validate() {
        return new Call("validate(tok-1)", "validate", "tok-1");
    }

    private static Call logout() {
        return new Call("logout(tok-1)", "logout", "tok-1");
    }

    private static Call acquire() {
        return new Call("acquire()", "acquire");
    }

    /**
     * One thread per call on a fresh {@code new simpleClass(constructorArguments)}, after the
     * {@code setup} calls, checked for linearizability.
     */
    static Scenario<?> operations(String name, String simpleClass, List<Object> constructorArguments, List<Call> setup, Call... threads) {
        Class<?> c = load(simpleClass);
        List<List<JavaStore.NamedCode>> codes = new ArrayList<>();
        for (Call call : threads) {
            Method m = method(c, call);
            codes.add(List.of(new JavaStore.NamedCode(call.label(), target -> invoke(m, target, call.arguments()))));
        }
        JavaStore.Setup make = () -> {
            Object target = construct(c, constructorArguments);
            for (Call call : setup) {
                invoke(method(c, call), target, call.arguments());
            }
            return target;
        };
        return JavaStore.operations(name, description(name), make, LOADER::resetStatics, codes, 0, new JavaStore.Slots());
    }

    /**
     * The static body {@code method} of {@link io.racex.samples.java.Races} called with
     * {@code arguments} (ints), with one slot per thread it starts.
     */
    static Scenario<?> body(String name, String method, int threads, Object... arguments) {
        Class<?>[] types = new Class<?>[arguments.length];
        Arrays.fill(types, int.class);
        Method m;
        try {
            m = load("Races").getMethod(method, types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("no body Races." + method, e);
        }
        String label = method + "(" + String.join(", ", Arrays.stream(arguments).map(String::valueOf).toList()) + ")";
        return JavaStore.test(name, description(name), () -> null, LOADER::resetStatics,
                new JavaStore.NamedCode(label, target -> invoke(m, null, arguments)), threads, new JavaStore.Slots(), store -> { });
    }

    private static String description(String name) {
        for (SampleCatalog.Entry e : SampleCatalog.entries()) {
            if (e.name().equals(name) || e.name().endsWith("-N") && name.startsWith(e.name().substring(0, e.name().length() - 1))) {
                return e.description();
            }
        }
        return name;
    }

    private static Class<?> load(String simpleName) {
        try {
            return LOADER.loadClass(PACKAGE + "." + simpleName);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no sample class " + simpleName, e);
        }
    }

    private static Method method(Class<?> c, Call call) {
        for (Method m : c.getMethods()) {
            if (m.getName().equals(call.method()) && m.getParameterCount() == call.arguments().length) {
                return m;
            }
        }
        throw new IllegalStateException("no method " + c.getSimpleName() + "." + call.method() + " with " + call.arguments().length
                + " parameters");
    }

    private static Object construct(Class<?> c, List<Object> arguments) throws Exception {
        for (var k : c.getConstructors()) {
            if (k.getParameterCount() == arguments.size()) {
                try {
                    return k.newInstance(arguments.toArray());
                } catch (InvocationTargetException e) {
                    throw unwrap(e);
                }
            }
        }
        throw new RacexException("no public constructor of " + c.getSimpleName() + " with " + arguments.size() + " parameters");
    }

    /** Calls {@code m}, throwing what the sample code threw rather than a reflection wrapper. */
    private static Object invoke(Method m, Object target, Object... arguments) throws Exception {
        try {
            return m.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
    }

    private static Exception unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error err) {
            throw err;
        }
        return cause instanceof Exception x ? x : new IllegalStateException(cause);
    }
}
