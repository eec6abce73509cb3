package io.racex.samples.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real sample classes without racex: run one operation after another, buggy and fixed give
 * the outcome the bodies in {@link Races} expect (so under racex only an interleaving can fail a
 * buggy body); the fixed bodies pass with plain threads; and every sample name has its pair of
 * bodies.
 */
class RacesTest {
    /** The catalog names of the real-class samples; each has a body {@code camelName} and {@code camelNameFixed}. */
    static final List<String> NAMES = List.of("transfer", "counter", "append", "login-tokens", "logout-validation",
            "connection-pool", "shared-transaction", "lock-order", "lazy-init", "missed-signal");

    static String body(String name) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char ch : name.toCharArray()) {
            if (ch == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(ch) : ch);
                up = false;
            }
        }
        return b.toString();
    }

    @Test
    void everySampleHasABuggyAndAFixedBody() throws Exception {
        for (String name : NAMES) {
            for (String m : List.of(body(name), body(name) + "Fixed")) {
                Method method = Races.class.getMethod(m);
                assertTrue(Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0, m);
            }
        }
    }

    static List<String> fixedBodies() {
        return NAMES.stream().map(n -> body(n) + "Fixed").toList();
    }

    /** A fixed body is correct whatever the interleaving, so real threads never fail it. */
    @ParameterizedTest
    @MethodSource("fixedBodies")
    void fixedBodyPassesWithPlainThreads(String body) throws Exception {
        Method m = Races.class.getMethod(body);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int i = 0; i < 200; i++) {
                m.invoke(null);
            }
        });
    }

    @Test
    void transfersOneAfterTheOtherLeave250And100And100() {
        Bank bank = new Bank(100, 200, 150);
        bank.transfer("b", "a", 100);
        bank.transfer("c", "a", 50);
        assertEquals("a=250 b=100 c=100", bank.balances());
        assertEquals(450, bank.total());
        SynchronizedBank fixed = new SynchronizedBank(100, 200, 150);
        fixed.transfer("c", "a", 50);
        fixed.transfer("b", "a", 100);
        assertEquals("a=250 b=100 c=100", fixed.balances());
        assertThrows(IllegalArgumentException.class, () -> bank.transfer("d", "a", 1));
    }

    @Test
    void twoIncrementsOneAfterTheOtherLeaveTwo() {
        Counter counter = new Counter();
        assertEquals(1, counter.increment());
        assertEquals(2, counter.increment());
        SynchronizedCounter fixed = new SynchronizedCounter();
        fixed.increment();
        fixed.increment();
        assertEquals(2, fixed.get());
    }

    @Test
    void twoAppendsOneAfterTheOtherLeaveMsgAaa() {
        Message message = new Message("msg a");
        message.update("a");
        message.update("a");
        assertEquals("msg aaa", message.text());
        CasMessage fixed = new CasMessage("msg a");
        fixed.update("a");
        fixed.update("a");
        assertEquals("msg aaa", fixed.text());
    }

    @Test
    void loginsOneAfterTheOtherGetDistinctTokens() {
        LoginService service = new LoginService();
        assertEquals("tok-0", service.login("alice"));
        assertEquals("tok-1", service.login("bob"));
        assertEquals("bob", service.user("tok-1"));
        assertEquals(2, service.sessionCount());
        AtomicLoginService fixed = new AtomicLoginService();
        assertEquals("tok-0", fixed.login("alice"));
        assertEquals("tok-1", fixed.login("bob"));
        assertEquals("alice", fixed.user("tok-0"));
    }

    @Test
    void validateBeforeAndAfterLogout() {
        Sessions sessions = new Sessions();
        sessions.login("tok-1", "alice");
        assertEquals("valid: alice", sessions.validate("tok-1"));
        sessions.logout("tok-1");
        assertEquals("invalid", sessions.validate("tok-1"));
        ReadOnceSessions fixed = new ReadOnceSessions();
        fixed.login("tok-1", "alice");
        assertEquals("valid: alice", fixed.validate("tok-1"));
        fixed.logout("tok-1");
        assertEquals("invalid", fixed.validate("tok-1"));
    }

    @Test
    void aPoolOfTwoHandsOutTwoThenIsExhausted() {
        ConnectionPool pool = new ConnectionPool(2);
        assertTrue(pool.acquire());
        assertTrue(pool.acquire());
        assertFalse(pool.acquire());
        assertEquals(0, pool.free());
        pool.release();
        assertTrue(pool.acquire());
        AtomicConnectionPool fixed = new AtomicConnectionPool(2);
        assertTrue(fixed.acquire());
        assertTrue(fixed.acquire());
        assertFalse(fixed.acquire());
        fixed.release();
        assertEquals(1, fixed.free());
    }

    @Test
    void requestsOneAfterTheOtherCloseTheirOwnConnections() {
        Transaction txn = new Transaction();
        Connection conn1 = new Connection("conn-1");
        Connection conn2 = new Connection("conn-2");
        txn.begin(conn1);
        txn.commit();
        txn.begin(conn2);
        txn.commit();
        assertFalse(conn1.isOpen() || conn2.isOpen());
        assertThrows(IllegalStateException.class, conn1::close, "a connection closes once");
        TaskKeyedTransaction fixed = new TaskKeyedTransaction();
        Connection conn3 = new Connection("conn-3");
        fixed.begin(conn3);
        fixed.commit();
        assertFalse(conn3.isOpen());
    }

    @Test
    void opposingTransfersOneAfterTheOtherFinish() {
        Account x = new Account(1, 100);
        Account y = new Account(2, 100);
        LockingTransfer.transfer(x, y, 10);
        LockingTransfer.transfer(y, x, 20);
        assertEquals(110, x.balance());
        OrderedLockingTransfer.transfer(x, y, 10);
        OrderedLockingTransfer.transfer(y, x, 20);
        assertEquals(120, x.balance());
        assertEquals(80, y.balance());
    }

    @Test
    void lazyConfigIsBuiltOnceWhenAskedOneAfterTheOther() {
        LazyConfig lazy = new LazyConfig();
        assertSame(lazy.get(), lazy.get());
        assertEquals(2, lazy.get().poolSize());
        SynchronizedLazyConfig fixed = new SynchronizedLazyConfig();
        assertSame(fixed.get(), fixed.get());
    }

    @Test
    void guardedMailboxHandsOverAMessagePutBeforeTheTake() throws Exception {
        GuardedMailbox box = new GuardedMailbox();
        box.put("hello");
        assertEquals("hello", box.take());
        // the buggy mailbox also works when the put comes first: the race needs the put between check and wait
        Mailbox buggy = new Mailbox();
        buggy.put("hello");
        assertEquals("hello", buggy.take());
    }
}
