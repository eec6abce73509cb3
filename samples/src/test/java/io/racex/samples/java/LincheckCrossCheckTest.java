package io.racex.samples.java;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.racex.Racex;
import io.racex.ExplorationResult;
import io.racex.samples.SampleCatalog;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Racex and Lincheck, the peer tool, agree on the real sample classes: both find each buggy one and
 * pass each fixed one. Racex explores the catalog sample (the real class through its instrumenting
 * loader; and the sample's {@code MemoryAccess} twin where there is one); Lincheck's model checker
 * runs the same class on exactly that scenario: the operations of the sample's threads in
 * parallel, then one operation that returns the final state (Lincheck judges operation results
 * against its sequential runs of the same class).
 *
 * <p>Lincheck runs each operation of a wrapper class below; the wrapper only forwards to the real
 * class, which Lincheck instruments unchanged. {@code missed-signal} is racex's alone: its
 * {@code take()} blocks until a {@code put}, and Lincheck's sequential specification cannot run a
 * blocking operation before the one that releases it.
 */
class LincheckCrossCheckTest {
    /**
     * Racex's side: {@code name} fails (with {@code kind} when given) and {@code name-fixed} passes a
     * complete search, and the same for the sample's {@code -memory} twin when it has one.
     */
    static void racexFindsAndPasses(String name, String kind) {
        List<String> names = SampleCatalog.contains(name + "-memory") ? List.of(name, name + "-memory") : List.of(name);
        for (String n : names) {
            ExplorationResult buggy = Racex.explore(SampleCatalog.get(n)).run();
            assertTrue(buggy.failed(), n);
            if (kind != null) {
                assertTrue(buggy.counterexample().orElseThrow().violation().kind().id().contains(kind), n);
            }
            ExplorationResult fixed = Racex.explore(SampleCatalog.get(n + "-fixed")).run();
            assertTrue(!fixed.failed() && fixed.complete(), n + "-fixed: " + fixed.completeness());
        }
    }

    /** Lincheck's side runs only where Lincheck does (the test is reported skipped, after racex's side, elsewhere). */
    static void assumeLincheckRuns() {
        // Lincheck 2.39's bytecode tooling reads class files up to JDK 21
        assumeTrue(Runtime.version().feature() <= 21,
                "Lincheck 2.39 does not run on JDK " + Runtime.version().feature() + ": its side of the cross-check skipped");
    }

    /**
     * Runs Lincheck's model checker on one scenario: {@code threads[i]} the operations of thread
     * i+1, then {@code post} (or none). Returns the first line of Lincheck's failure, or null if it
     * found none.
     */
    static String lincheck(Class<?> test, String[][] threads, String post, int invocations) throws Exception {
        List<List<Actor>> parallel = new ArrayList<>();
        for (String[] thread : threads) {
            List<Actor> actors = new ArrayList<>();
            for (String op : thread) {
                actors.add(actor(test, op));
            }
            parallel.add(actors);
        }
        ExecutionScenario scenario = new ExecutionScenario(List.of(), parallel,
                post == null ? List.of() : List.of(actor(test, post)), null);
        try {
            LinChecker.check(test, new ModelCheckingOptions().iterations(0).invocationsPerIteration(invocations)
                    .addCustomScenario(scenario));
            return null;
        } catch (AssertionError e) {
            for (String line : String.valueOf(e.getMessage()).split("\n")) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
            return e.getClass().getSimpleName();
        }
    }

    private static Actor actor(Class<?> test, String method) throws NoSuchMethodException {
        Method m = test.getMethod(method);
        return new Actor(m, List.of());
    }

    /**
     * How many interleavings Lincheck tries on a fixed class ({@code -Dracex.lincheck.invocations}
     * for more). Lincheck's pass is bounded, never a proof; its model checker costs about a tenth
     * of a second per interleaving of these scenarios on a loaded 2-core machine (it steps through
     * the JDK's ConcurrentHashMap too), so the default keeps this test near a minute.
     */
    static final int PASS_INVOCATIONS = Integer.getInteger("racex.lincheck.invocations", 100);

    /** Lincheck's first failure on a buggy class: within its first few dozen interleavings on each of these. */
    static String found(Class<?> test, String[][] threads, String post) throws Exception {
        String failure = lincheck(test, threads, post, 1000);
        assertNotNull(failure, "Lincheck found nothing in " + test.getSimpleName());
        return failure;
    }

    static void passes(Class<?> test, String[][] threads, String post) throws Exception {
        assertNull(lincheck(test, threads, post, PASS_INVOCATIONS), test.getSimpleName());
    }

    // ---- transfer ----

    static final String[][] TRANSFERS = {{"transferBA"}, {"transferCA"}};

    public static class BankOps {
        private final Bank bank = new Bank(100, 200, 150);

        @Operation public void transferBA() { bank.transfer("b", "a", 100); }
        @Operation public void transferCA() { bank.transfer("c", "a", 50); }
        @Operation public String balances() { return bank.balances(); }
    }

    public static class SynchronizedBankOps {
        private final SynchronizedBank bank = new SynchronizedBank(100, 200, 150);

        @Operation public void transferBA() { bank.transfer("b", "a", 100); }
        @Operation public void transferCA() { bank.transfer("c", "a", 50); }
        @Operation public String balances() { return bank.balances(); }
    }

    @Test
    void bothFindTheTransferLostUpdateAndPassesTheSynchronizedBank() throws Exception {
        racexFindsAndPasses("transfer", null);
        assumeLincheckRuns();
        found(BankOps.class, TRANSFERS, "balances");
        passes(SynchronizedBankOps.class, TRANSFERS, "balances");
    }

    // ---- counter ----

    static final String[][] INCREMENTS = {{"increment"}, {"increment"}};

    public static class CounterOps {
        private final Counter counter = new Counter();

        @Operation public int increment() { return counter.increment(); }
        @Operation public int get() { return counter.get(); }
    }

    public static class SynchronizedCounterOps {
        private final SynchronizedCounter counter = new SynchronizedCounter();

        @Operation public int increment() { return counter.increment(); }
        @Operation public int get() { return counter.get(); }
    }

    @Test
    void bothFindTheLostIncrementAndPassesTheSynchronizedCounter() throws Exception {
        racexFindsAndPasses("counter", null);
        assumeLincheckRuns();
        found(CounterOps.class, INCREMENTS, "get");
        passes(SynchronizedCounterOps.class, INCREMENTS, "get");
    }

    // ---- append ----

    static final String[][] UPDATES = {{"update"}, {"update"}};

    public static class MessageOps {
        private final Message message = new Message("msg a");

        @Operation public void update() { message.update("a"); }
        @Operation public String text() { return message.text(); }
    }

    public static class CasMessageOps {
        private final CasMessage message = new CasMessage("msg a");

        @Operation public void update() { message.update("a"); }
        @Operation public String text() { return message.text(); }
    }

    @Test
    void bothFindTheLostAppendAndPassesTheCompareAndSetMessage() throws Exception {
        racexFindsAndPasses("append", null);
        assumeLincheckRuns();
        found(MessageOps.class, UPDATES, "text");
        passes(CasMessageOps.class, UPDATES, "text");
    }

    // ---- login-tokens ----

    /** Two of the sample's three logins: a duplicate token needs only two, and a third thread costs Lincheck tenfold. */
    static final String[][] LOGINS = {{"loginAlice"}, {"loginBob"}};

    public static class LoginOps {
        private final LoginService service = new LoginService();

        @Operation public String loginAlice() { return service.login("alice"); }
        @Operation public String loginBob() { return service.login("bob"); }
        @Operation public int sessions() { return service.sessionCount(); }
    }

    public static class AtomicLoginOps {
        private final AtomicLoginService service = new AtomicLoginService();

        @Operation public String loginAlice() { return service.login("alice"); }
        @Operation public String loginBob() { return service.login("bob"); }
        @Operation public int sessions() { return service.sessionCount(); }
    }

    @Test
    void bothFindDuplicateTokensAndPassesTheAtomicCounter() throws Exception {
        racexFindsAndPasses("login-tokens", null);
        assumeLincheckRuns();
        found(LoginOps.class, LOGINS, "sessions");
        passes(AtomicLoginOps.class, LOGINS, "sessions");
    }

    // ---- logout-validation ----

    static final String[][] VALIDATE_AND_LOGOUT = {{"validate"}, {"logout"}};

    public static class SessionsOps {
        private final Sessions sessions = new Sessions();

        public SessionsOps() {
            sessions.login("tok-1", "alice");
        }

        @Operation public String validate() { return sessions.validate("tok-1"); }
        @Operation public void logout() { sessions.logout("tok-1"); }
    }

    public static class ReadOnceSessionsOps {
        private final ReadOnceSessions sessions = new ReadOnceSessions();

        public ReadOnceSessionsOps() {
            sessions.login("tok-1", "alice");
        }

        @Operation public String validate() { return sessions.validate("tok-1"); }
        @Operation public void logout() { sessions.logout("tok-1"); }
    }

    @Test
    void bothFindValidWithNoUserAndPassesTheSingleRead() throws Exception {
        racexFindsAndPasses("logout-validation", null);
        assumeLincheckRuns();
        found(SessionsOps.class, VALIDATE_AND_LOGOUT, null);
        passes(ReadOnceSessionsOps.class, VALIDATE_AND_LOGOUT, null);
    }

    // ---- connection-pool ----

    static final String[][] ACQUIRES = {{"acquire"}, {"acquire"}, {"acquire"}};

    public static class PoolOps {
        private final ConnectionPool pool = new ConnectionPool(2);

        @Operation public boolean acquire() { return pool.acquire(); }
        @Operation public int free() { return pool.free(); }
    }

    public static class AtomicPoolOps {
        private final AtomicConnectionPool pool = new AtomicConnectionPool(2);

        @Operation public boolean acquire() { return pool.acquire(); }
        @Operation public int free() { return pool.free(); }
    }

    @Test
    void bothFindThePoolHandingOutThreeAndPassesTheCompareAndSetPool() throws Exception {
        racexFindsAndPasses("connection-pool", null);
        assumeLincheckRuns();
        found(PoolOps.class, ACQUIRES, "free");
        passes(AtomicPoolOps.class, ACQUIRES, "free");
    }

    // ---- shared-transaction ----

    static final String[][] REQUESTS = {{"request1"}, {"request2"}};

    public static class TransactionOps {
        private final Transaction txn = new Transaction();
        private final Connection conn1 = new Connection("conn-1");
        private final Connection conn2 = new Connection("conn-2");

        @Operation public void request1() { txn.begin(conn1); txn.commit(); }
        @Operation public void request2() { txn.begin(conn2); txn.commit(); }
        @Operation public String open() { return "conn-1 " + conn1.isOpen() + ", conn-2 " + conn2.isOpen(); }
    }

    public static class TaskKeyedTransactionOps {
        private final TaskKeyedTransaction txn = new TaskKeyedTransaction();
        private final Connection conn1 = new Connection("conn-1");
        private final Connection conn2 = new Connection("conn-2");

        @Operation public void request1() { txn.begin(conn1); txn.commit(); }
        @Operation public void request2() { txn.begin(conn2); txn.commit(); }
        @Operation public String open() { return "conn-1 " + conn1.isOpen() + ", conn-2 " + conn2.isOpen(); }
    }

    @Test
    void bothFindTheWrongConnectionClosedAndPassesTheTaskKeyedHelper() throws Exception {
        racexFindsAndPasses("shared-transaction", null);
        assumeLincheckRuns();
        found(TransactionOps.class, REQUESTS, "open");
        passes(TaskKeyedTransactionOps.class, REQUESTS, "open");
    }

    // ---- lazy-init ----

    static final String[][] GETS = {{"getIsFirst"}, {"getIsFirst"}};

    /** Whether each get returns the instance the first get returned (the bookkeeping is locked: it is not under test). */
    public static class LazyOps {
        private final LazyConfig lazy = new LazyConfig();
        private Config first;

        @Operation public boolean getIsFirst() { return isFirst(lazy.get()); }

        private synchronized boolean isFirst(Config c) {
            if (first == null) {
                first = c;
            }
            return first == c;
        }
    }

    public static class SynchronizedLazyOps {
        private final SynchronizedLazyConfig lazy = new SynchronizedLazyConfig();
        private Config first;

        @Operation public boolean getIsFirst() { return isFirst(lazy.get()); }

        private synchronized boolean isFirst(Config c) {
            if (first == null) {
                first = c;
            }
            return first == c;
        }
    }

    @Test
    void bothFindTwoInstancesAndPassesTheSynchronizedGetter() throws Exception {
        racexFindsAndPasses("lazy-init", null);
        assumeLincheckRuns();
        found(LazyOps.class, GETS, null);
        passes(SynchronizedLazyOps.class, GETS, null);
    }

    // ---- lock-order ----

    static final String[][] OPPOSITE_TRANSFERS = {{"transferXY"}, {"transferYX"}};

    public static class LockingOps {
        private final Account x = new Account(1, 100);
        private final Account y = new Account(2, 100);

        @Operation public void transferXY() { LockingTransfer.transfer(x, y, 10); }
        @Operation public void transferYX() { LockingTransfer.transfer(y, x, 20); }
        @Operation public String balances() { return "x=" + x.balance() + " y=" + y.balance(); }
    }

    public static class OrderedLockingOps {
        private final Account x = new Account(1, 100);
        private final Account y = new Account(2, 100);

        @Operation public void transferXY() { OrderedLockingTransfer.transfer(x, y, 10); }
        @Operation public void transferYX() { OrderedLockingTransfer.transfer(y, x, 20); }
        @Operation public String balances() { return "x=" + x.balance() + " y=" + y.balance(); }
    }

    @Test
    void bothFindTheDeadlockAndPassesTheGlobalLockOrder() throws Exception {
        racexFindsAndPasses("lock-order", "deadlock");
        assumeLincheckRuns();
        String failure = found(LockingOps.class, OPPOSITE_TRANSFERS, "balances");
        assertTrue(failure.toLowerCase().contains("hung") || failure.toLowerCase().contains("deadlock"), failure);
        passes(OrderedLockingOps.class, OPPOSITE_TRANSFERS, "balances");
    }

    // ---- missed-signal: racex only ----

    @Test
    void racexFindsTheMissedSignalAndPassesTheGuardedWait() {
        racexFindsAndPasses("missed-signal", null);
    }
}
