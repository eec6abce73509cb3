package io.racex.samples.java;

import java.util.Arrays;
import java.util.List;

/**
 * The concurrent test of every sample, buggy and fixed, written as a test body that starts its
 * own threads (the form of racex's {@code @RacexTest}, Fray's {@code @FrayTest}, Lincheck's
 * {@code runConcurrentTest}). Each body builds a fresh object graph, runs the sample's operations
 * in threads named after what they do (racex's reports show those names), joins them, and checks
 * the outcome every serial order gives; a wrong outcome is an {@link AssertionError}. Nothing here depends on timing, hash codes or input,
 * so under racex the interleaving of the threads is the only choice.
 *
 * <p>Run with plain threads, a buggy body almost always passes: the race needs an unlucky
 * interleaving. Under racex every interleaving that matters is tried: each buggy body fails with
 * a minimal schedule, each fixed body passes and the search is complete.
 */
public final class Races {
    private Races() {}

    // ---- transfer (seed 003) ----

    /** transfer(b→a,100) ∥ transfer(c→a,50) on a=100 b=200 c=150: either order leaves a=250 b=100 c=100. */
    public static void transfer() throws InterruptedException {
        Bank bank = new Bank(100, 200, 150);
        Thread t1 = new Thread(() -> bank.transfer("b", "a", 100), "transfer b->a");
        Thread t2 = new Thread(() -> bank.transfer("c", "a", 50), "transfer c->a");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect("a=250 b=100 c=100", bank.balances(), "total " + bank.total() + " instead of 450");
    }

    public static void transferFixed() throws InterruptedException {
        SynchronizedBank bank = new SynchronizedBank(100, 200, 150);
        Thread t1 = new Thread(() -> bank.transfer("b", "a", 100), "transfer b->a");
        Thread t2 = new Thread(() -> bank.transfer("c", "a", 50), "transfer c->a");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect("a=250 b=100 c=100", bank.balances(), "total " + bank.total() + " instead of 450");
    }

    // ---- counter ----

    /** Two increments from 0 leave 2. */
    public static void counter() throws InterruptedException {
        Counter counter = new Counter();
        Thread t1 = new Thread(counter::increment, "increment 1");
        Thread t2 = new Thread(counter::increment, "increment 2");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect(2, counter.get(), "an increment was lost");
    }

    public static void counterFixed() throws InterruptedException {
        SynchronizedCounter counter = new SynchronizedCounter();
        Thread t1 = new Thread(counter::increment, "increment 1");
        Thread t2 = new Thread(counter::increment, "increment 2");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect(2, counter.get(), "an increment was lost");
    }

    // ---- append (seed 003) ----

    /** Two updates appending 'a' to 'msg a' leave 'msg aaa'. */
    public static void append() throws InterruptedException {
        Message message = new Message("msg a");
        Thread t1 = new Thread(() -> message.update("a"), "update 1");
        Thread t2 = new Thread(() -> message.update("a"), "update 2");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect("msg aaa", message.text(), "an update was lost");
    }

    public static void appendFixed() throws InterruptedException {
        CasMessage message = new CasMessage("msg a");
        Thread t1 = new Thread(() -> message.update("a"), "update 1");
        Thread t2 = new Thread(() -> message.update("a"), "update 2");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect("msg aaa", message.text(), "an update was lost");
    }

    // ---- login-tokens (seed 000) ----

    /** Three concurrent logins get three different tokens, each the session of its own user. */
    public static void loginTokens() throws InterruptedException {
        LoginService service = new LoginService();
        String[] tokens = new String[3];
        Thread t1 = new Thread(() -> tokens[0] = service.login("alice"), "login alice");
        Thread t2 = new Thread(() -> tokens[1] = service.login("bob"), "login bob");
        Thread t3 = new Thread(() -> tokens[2] = service.login("carol"), "login carol");
        t1.start();
        t2.start();
        t3.start();
        t1.join();
        t2.join();
        t3.join();
        expect(List.of("alice", "bob", "carol"),
                List.of(String.valueOf(service.user(tokens[0])), String.valueOf(service.user(tokens[1])),
                        String.valueOf(service.user(tokens[2]))),
                "duplicate session tokens " + Arrays.asList(tokens) + ": a user holds another user's session");
    }

    public static void loginTokensFixed() throws InterruptedException {
        AtomicLoginService service = new AtomicLoginService();
        String[] tokens = new String[3];
        Thread t1 = new Thread(() -> tokens[0] = service.login("alice"), "login alice");
        Thread t2 = new Thread(() -> tokens[1] = service.login("bob"), "login bob");
        Thread t3 = new Thread(() -> tokens[2] = service.login("carol"), "login carol");
        t1.start();
        t2.start();
        t3.start();
        t1.join();
        t2.join();
        t3.join();
        expect(List.of("alice", "bob", "carol"),
                List.of(String.valueOf(service.user(tokens[0])), String.valueOf(service.user(tokens[1])),
                        String.valueOf(service.user(tokens[2]))),
                "duplicate session tokens " + Arrays.asList(tokens) + ": a user holds another user's session");
    }

    // ---- logout-validation (seed 000) ----

    /** validate(tok-1) ∥ logout(tok-1): validate answers "valid: alice" (before) or "invalid" (after). */
    public static void logoutValidation() throws InterruptedException {
        Sessions sessions = new Sessions();
        sessions.login("tok-1", "alice");
        String[] answer = new String[1];
        Thread t1 = new Thread(() -> answer[0] = sessions.validate("tok-1"), "validate");
        Thread t2 = new Thread(() -> sessions.logout("tok-1"), "logout");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expectOneOf(List.of("valid: alice", "invalid"), answer[0], "validate saw a session with no user");
    }

    public static void logoutValidationFixed() throws InterruptedException {
        ReadOnceSessions sessions = new ReadOnceSessions();
        sessions.login("tok-1", "alice");
        String[] answer = new String[1];
        Thread t1 = new Thread(() -> answer[0] = sessions.validate("tok-1"), "validate");
        Thread t2 = new Thread(() -> sessions.logout("tok-1"), "logout");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expectOneOf(List.of("valid: alice", "invalid"), answer[0], "validate saw a session with no user");
    }

    // ---- connection-pool (seed 000) ----

    /** Three requests on a pool of two: two get a connection, one is told the pool is exhausted. */
    public static void connectionPool() throws InterruptedException {
        ConnectionPool pool = new ConnectionPool(2);
        Thread t1 = new Thread(pool::acquire, "request 1");
        Thread t2 = new Thread(pool::acquire, "request 2");
        Thread t3 = new Thread(pool::acquire, "request 3");
        t1.start();
        t2.start();
        t3.start();
        t1.join();
        t2.join();
        t3.join();
        expect(0, pool.free(), "free connections in the pool of 2 after 3 requests");
    }

    public static void connectionPoolFixed() throws InterruptedException {
        AtomicConnectionPool pool = new AtomicConnectionPool(2);
        Thread t1 = new Thread(pool::acquire, "request 1");
        Thread t2 = new Thread(pool::acquire, "request 2");
        Thread t3 = new Thread(pool::acquire, "request 3");
        t1.start();
        t2.start();
        t3.start();
        t1.join();
        t2.join();
        t3.join();
        expect(0, pool.free(), "free connections in the pool of 2 after 3 requests");
    }

    // ---- shared-transaction (seed 001) ----

    /** Two requests through one transaction helper, each with its own connection: both connections end closed. */
    public static void sharedTransaction() throws InterruptedException {
        Transaction txn = new Transaction();
        Connection conn1 = new Connection("conn-1");
        Connection conn2 = new Connection("conn-2");
        Thread t1 = new Thread(() -> {
            txn.begin(conn1);
            txn.commit();
        }, "request 1");
        Thread t2 = new Thread(() -> {
            txn.begin(conn2);
            txn.commit();
        }, "request 2");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect("conn-1 closed, conn-2 closed", state(conn1) + ", " + state(conn2), "a connection was left open");
    }

    public static void sharedTransactionFixed() throws InterruptedException {
        TaskKeyedTransaction txn = new TaskKeyedTransaction();
        Connection conn1 = new Connection("conn-1");
        Connection conn2 = new Connection("conn-2");
        Thread t1 = new Thread(() -> {
            txn.begin(conn1);
            txn.commit();
        }, "request 1");
        Thread t2 = new Thread(() -> {
            txn.begin(conn2);
            txn.commit();
        }, "request 2");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect("conn-1 closed, conn-2 closed", state(conn1) + ", " + state(conn2), "a connection was left open");
    }

    private static String state(Connection c) {
        return c + (c.isOpen() ? " open" : " closed");
    }

    // ---- lock-order ----

    /** transfer(x→y,10) ∥ transfer(y→x,20) on x=100 y=100: both finish, x=110 y=90. */
    public static void lockOrder() throws InterruptedException {
        Account x = new Account(1, 100);
        Account y = new Account(2, 100);
        Thread t1 = new Thread(() -> LockingTransfer.transfer(x, y, 10), "transfer x->y");
        Thread t2 = new Thread(() -> LockingTransfer.transfer(y, x, 20), "transfer y->x");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect("x=110 y=90", "x=" + x.balance() + " y=" + y.balance(), "wrong balances");
    }

    public static void lockOrderFixed() throws InterruptedException {
        Account x = new Account(1, 100);
        Account y = new Account(2, 100);
        Thread t1 = new Thread(() -> OrderedLockingTransfer.transfer(x, y, 10), "transfer x->y");
        Thread t2 = new Thread(() -> OrderedLockingTransfer.transfer(y, x, 20), "transfer y->x");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect("x=110 y=90", "x=" + x.balance() + " y=" + y.balance(), "wrong balances");
    }

    // ---- lazy-init ----

    /** Two threads ask for the config at once: both get the same instance. */
    public static void lazyInit() throws InterruptedException {
        LazyConfig lazy = new LazyConfig();
        Config[] seen = new Config[2];
        Thread t1 = new Thread(() -> seen[0] = lazy.get(), "get 1");
        Thread t2 = new Thread(() -> seen[1] = lazy.get(), "get 2");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect(true, seen[0] == seen[1], "two Config instances were created");
    }

    public static void lazyInitFixed() throws InterruptedException {
        SynchronizedLazyConfig lazy = new SynchronizedLazyConfig();
        Config[] seen = new Config[2];
        Thread t1 = new Thread(() -> seen[0] = lazy.get(), "get 1");
        Thread t2 = new Thread(() -> seen[1] = lazy.get(), "get 2");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect(true, seen[0] == seen[1], "two Config instances were created");
    }

    // ---- missed-signal ----

    /** One thread takes from an empty mailbox while another puts "hello": the taker receives "hello". */
    public static void missedSignal() throws InterruptedException {
        Mailbox box = new Mailbox();
        String[] received = new String[1];
        Thread t1 = new Thread(() -> {
            try {
                received[0] = box.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "taker");
        Thread t2 = new Thread(() -> box.put("hello"), "putter");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect("hello", received[0], "the taker did not receive the message");
    }

    public static void missedSignalFixed() throws InterruptedException {
        GuardedMailbox box = new GuardedMailbox();
        String[] received = new String[1];
        Thread t1 = new Thread(() -> {
            try {
                received[0] = box.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "taker");
        Thread t2 = new Thread(() -> box.put("hello"), "putter");
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        expect("hello", received[0], "the taker did not receive the message");
    }

    // ---- locked-counter (Fray's benchmark workload) ----

    /** {@code threads} threads each increment a {@link LockedCounter} once: the count is {@code threads}. */
    public static void lockedCounter(int threads) throws InterruptedException {
        LockedCounter counter = new LockedCounter();
        Thread[] started = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            started[i] = new Thread(counter::increment, "worker " + (i + 1));
            started[i].start();
        }
        for (Thread t : started) {
            t.join();
        }
        expect(threads, counter.get(), "an increment was lost");
    }

    // ---- checks ----

    private static void expect(Object expected, Object actual, String what) {
        if (!expected.equals(actual)) {
            throw new AssertionError(what + ": expected " + expected + ", got " + actual);
        }
    }

    private static void expectOneOf(List<?> allowed, Object actual, String what) {
        if (!allowed.contains(actual)) {
            throw new AssertionError(what + ": expected one of " + allowed + ", got " + actual);
        }
    }
}
