package io.racex.samples;

import io.racex.store.memory.Memory;
import io.racex.Operation;
import io.racex.Scenario;
import io.racex.store.memory.MemoryAccess;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Seed 000, "concurrent session handling": what an auth service must survive when requests
 * arrive at once, explored in {@code MemoryAccess} cells and maps (the {@code -memory} samples; the
 * same races in plain Java classes are in {@link io.racex.samples.java}).
 *
 * <ul>
 *   <li>{@code login-tokens-memory}: three logins each take the next token number by reading a counter and
 *       writing it back plus one; two logins can get the same token and one session overwrites the
 *       other. {@code login-tokens-memory-fixed} takes the number with a compare-and-set.
 *       <pre>
 * $ java -jar explorer-cli/target/racex.jar explore login-tokens-memory
 * racex: VIOLATION in login-tokens-memory: not linearizable
 *   observed next=2 sessions={tok-0=bob, tok-1=carol} ... is not the outcome of any serial order
 *       </pre></li>
 *   <li>{@code logout-validation-memory}: validate(token) checks the session exists, then reads its user;
 *       a logout between the two makes validate answer "valid" with no user.
 *       {@code logout-validation-memory-fixed} reads the session once.</li>
 *   <li>{@code connection-pool-memory}: a pool of 2 connections and 3 requests; acquire checks that one is
 *       free, then takes it; all three can get one. {@code connection-pool-memory-fixed} takes with a
 *       compare-and-set, so the third request is told the pool is exhausted.</li>
 * </ul>
 */
public final class SessionSamples {
    private SessionSamples() {}

    static void register() {
        register("-memory");
    }

    private static void register(String suffix) {
        String tokens = "login-tokens" + suffix;
        String logout = "logout-validation" + suffix;
        String pool = "connection-pool" + suffix;
        SampleCatalog.add(tokens, "seed 000: three concurrent logins read-then-increment a token counter: duplicate session tokens",
                true, () -> loginTokens(tokens, false));
        SampleCatalog.add(tokens + "-fixed", "logins take the token number by compare-and-set: every token unique", false,
                () -> loginTokens(tokens + "-fixed", true));
        SampleCatalog.add(logout, "seed 000: validate checks then reads the session while a logout removes it: 'valid' with no user",
                true, () -> logoutValidation(logout, false));
        SampleCatalog.add(logout + "-fixed", "validate reads the session once", false, () -> logoutValidation(logout + "-fixed", true));
        SampleCatalog.add(pool, "seed 000: 3 requests on a pool of 2, check-then-take: the pool hands out 3 connections",
                true, () -> connectionPool(pool, false));
        SampleCatalog.add(pool + "-fixed", "take a connection by compare-and-set: the third request is told the pool is exhausted",
                false, () -> connectionPool(pool + "-fixed", true));
    }

    static Scenario<?> loginTokens(String name, boolean fixed) {
        Memory.Builder b = Memory.scenario(name)
                .initial(s -> s.cell("next", 0).map("sessions"))
                .description(fixed ? "logins take the token number by compare-and-set"
                        : "three concurrent logins (seed 000): read-then-increment token counter")
                .invariant("every login has its own session", SessionSamples::threeSessions);
        for (String user : new String[] {"alice", "bob", "carol"}) {
            b.thread(Operation.of("login(" + user + ")", m -> login(m, user, fixed)));
        }
        return b.build();
    }

    private static Object login(MemoryAccess m, String user, boolean fixed) {
        int n;
        if (fixed) {
            do {
                n = m.readInt("next");
            } while (!m.compareAndSet("next", n, n + 1));
        } else {
            n = m.readInt("next");
            m.write("next", n + 1);
        }
        String token = "tok-" + n;
        m.put("sessions", token, user);
        return token;
    }

    private static boolean threeSessions(Map<String, Object> state) {
        return ((Map<?, ?>) state.get("sessions")).size() == 3;
    }

    static Scenario<?> logoutValidation(String name, boolean fixed) {
        return Memory.scenario(name)
                .initial(s -> s.map("sessions", Map.of("tok-1", "alice")))
                .description(fixed ? "validate reads the session once" : "validate checks, then reads, while a logout removes the session")
                .thread(Operation.of("validate(tok-1)", m -> fixed ? validateOnce(m) : validateTwice(m)))
                .thread(Operation.action("logout(tok-1)", m -> m.remove("sessions", "tok-1")))
                .build();
    }

    private static Object validateTwice(MemoryAccess m) {
        if (m.get("sessions", "tok-1") == null) {
            return "invalid";
        }
        return "valid: " + m.get("sessions", "tok-1");
    }

    private static Object validateOnce(MemoryAccess m) {
        Object user = m.get("sessions", "tok-1");
        return user == null ? "invalid" : "valid: " + user;
    }

    static Scenario<?> connectionPool(String name, boolean fixed) {
        Memory.Builder b = Memory.scenario(name)
                .initial(s -> s.cell("free", 2))
                .description(fixed ? "take a connection by compare-and-set" : "three requests on a pool of two, check-then-take")
                .invariant("never more connections handed out than the pool has", st -> (Integer) st.get("free") >= 0);
        for (int r = 1; r <= 3; r++) {
            b.thread(Operation.of("acquire()", m -> fixed ? acquireCas(m) : acquireCheckThenTake(m)));
        }
        return b.build();
    }

    private static Object acquireCheckThenTake(MemoryAccess m) {
        int free = m.readInt("free");
        if (free <= 0) {
            return "exhausted";
        }
        m.write("free", m.readInt("free") - 1);
        return "connection";
    }

    private static Object acquireCas(MemoryAccess m) {
        while (true) {
            int free = m.readInt("free");
            if (free <= 0) {
                return "exhausted";
            }
            if (m.compareAndSet("free", free, free - 1)) {
                return "connection";
            }
        }
    }

    /** Distinct values of a result set, for tests. */
    static Set<Object> distinct(Iterable<?> values) {
        Set<Object> s = new HashSet<>();
        values.forEach(s::add);
        return s;
    }
}
