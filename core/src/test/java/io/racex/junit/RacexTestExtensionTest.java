package io.racex.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.racex.RacexException;
import io.racex.store.java.examples.BankRaces;
import io.racex.store.java.examples.ConcurrencyRaces;
import io.racex.store.java.examples.JucRaces;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/** {@code @RacexTest} through JUnit's engine: the fixtures in {@code io.racex.store.java.examples} are real, plain classes. */
class RacexTestExtensionTest {
    static Events run(Class<?> c, String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(c, method)).execute().testEvents();
    }

    /** What the one test run threw (it must have failed). */
    static Throwable failure(Class<?> c, String method) {
        Events events = run(c, method);
        assertEquals(1, events.failed().count(), method + " should fail");
        Event finished = events.failed().list().get(0);
        return finished.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    static void passes(Class<?> c, String method) {
        Events events = run(c, method);
        assertEquals(1, events.succeeded().count(), method + " should pass");
        String entry = events.reportingEntryPublished().list().get(0).getPayload(org.junit.platform.engine.reporting.ReportEntry.class)
                .orElseThrow().getKeyValuePairs().get("racex");
        assertTrue(entry.contains("complete:") && entry.contains("so no violation is a proof"), entry);
    }

    @Test
    void transferWithPlainFieldsFailsWithAMinimalScheduleNamingBankFieldsAndLines() {
        Throwable t = failure(BankRaces.class, "transfersKeepTheTotal");
        String report = t.getMessage();
        assertTrue(report.startsWith("racex: VIOLATION in BankRaces.transfersKeepTheTotal: exception (lost update, G-single)"), report);
        assertTrue(report.contains("Minimal failing schedule: 1 preemption"), report);
        assertTrue(report.contains("read Bank.a (Bank.java:"), report);
        assertTrue(report.contains("write Bank.a (Bank.java:"), report);
        assertTrue(report.contains("T2 Thread-0") && report.contains("T3 Thread-1"), report);
        assertTrue(report.contains("@Replay(\"v1:"), report);
        // the assertion that failed in the test body comes along, with its stack
        assertInstanceOf(AssertionFailedError.class, t.getCause());
        assertTrue(t.getCause().getMessage().contains("expected: <450> but was: <400>"), t.getCause().getMessage());
    }

    @Test
    void synchronizedTransferPassesComplete() {
        passes(BankRaces.class, "synchronizedTransfersKeepTheTotal");
    }

    @Test
    void replayRunsTheTokenOfTheReport() {
        String report = failure(BankRaces.class, "transfersKeepTheTotal").getMessage();
        Matcher m = Pattern.compile("@Replay\\(\"(v1:[0-9.x]+)\"\\)").matcher(report);
        assertTrue(m.find(), report);
        assertEquals(BankRaces.REPLAYED, m.group(1), "the report's token is the one BankRaces replays");
        String replayed = failure(BankRaces.class, "replayedTransfer").getMessage();
        assertTrue(replayed.contains("Replayed schedule: 1 preemption"), replayed);
        assertTrue(replayed.contains(BankRaces.REPLAYED), replayed);
    }

    @Test
    void lockOrderDeadlockIsReportedWithItsCycle() {
        String report = failure(ConcurrencyRaces.class, "oppositeTransfersDoNotDeadlock").getMessage();
        assertTrue(report.contains("deadlock: cycle: T2 Thread-0 waits for monitor of Account@2, held by T3 Thread-1;"
                + " T3 Thread-1 waits for monitor of Account@1, held by T2 Thread-0"), report);
    }

    @Test
    void waitWithoutALoopIsCaughtBySpuriousWakeUp() {
        String report = failure(ConcurrencyRaces.class, "consumerGetsTheMessage").getMessage();
        assertTrue(report.contains("woken") && report.contains("spuriously"), report);
        assertTrue(report.contains("expected: <hello> but was: <null>"), report);
    }

    @Test
    void notifyBeforeWaitIsALostWakeUp() {
        String report = failure(ConcurrencyRaces.class, "blindConsumerGetsTheMessage").getMessage();
        assertTrue(report.contains("lost wake-up: T2 Thread-0 waits in wait() on monitor of Mailbox@1 and no thread is left"
                + " to wake it"), report);
    }

    @Test
    void waitInALoopPasses() {
        passes(ConcurrencyRaces.class, "loopingConsumerGetsTheMessage");
    }

    @Test
    void lazyInitCreatesTwoInstances() {
        String report = failure(ConcurrencyRaces.class, "lazyInitCreatesOneInstance").getMessage();
        assertTrue(report.contains("write Registry.instance (Registry.java:"), report);
        passes(ConcurrencyRaces.class, "synchronizedLazyInitCreatesOneInstance");
    }

    @Test
    void javaUtilConcurrentCodeThatIsCorrectPassesComplete() {
        for (String m : new String[] {"reentrantLockCounter", "conditionAwaitedWithWhile", "semaphoreOfOnePermit", "latchPublishes",
                "readWriteLock", "atomicIncrements", "concurrentMapMerge", "parkUntilUnparked", "interruptEndsAWait"}) {
            passes(JucRaces.class, m);
        }
    }

    @Test
    void javaUtilConcurrentRacesAreFound() {
        String[][] cases = {
            {"forgottenLock", "expected: <2> but was: <1>", "lock ReentrantLock@1 (JucRaces.java:"},
            {"conditionAwaitedWithIf", "expected: <hello> but was: <null>", "woken"},
            {"semaphoreOfTwoPermits", "expected: <2> but was: <1>", "acquire Semaphore@1 (JucRaces.java:"},
            {"atomicGetThenSet", "expected: <2> but was: <1>", "AtomicInteger@1.set(1) (JucRaces.java:"},
            {"hashMapGetThenPut", "expected: <2> but was: <1>", "HashMap@1.get('k') (JucRaces.java:"},
        };
        for (String[] c : cases) {
            String report = failure(JucRaces.class, c[0]).getMessage();
            assertTrue(report.contains(c[1]) && report.contains(c[2]), c[0] + ":\n" + report);
        }
    }

    @Test
    void anExceptionInAStartedThreadFailsWithItsNameAndStack() {
        Throwable t = failure(ConcurrencyRaces.class, "workerThrows");
        String report = t.getMessage();
        assertTrue(report.contains("T2 threw IllegalStateException: nothing to do"), report);
        assertTrue(report.contains("T2 worker"), report);
        assertInstanceOf(IllegalStateException.class, t.getCause());
        assertTrue(t.getCause().getStackTrace()[0].getClassName().startsWith(ConcurrencyRaces.class.getName()),
                "the stack is the worker's own");
    }

    @Test
    void threadsStillRunningWhenTheBodyReturnsRunToTheirEnd() {
        String report = failure(ConcurrencyRaces.class, "threadsLeftRunningDeadlock").getMessage();
        assertTrue(report.contains("deadlock: cycle:"), report);
    }

    @Test
    void compareAndSetShowsExpectedNewAndWhetherItSucceeded() {
        String report = failure(ConcurrencyRaces.class, "compareAndSetOnce").getMessage();
        assertTrue(report.contains("AtomicInteger@1.compareAndSet(0 -> 1)"), report);
        assertTrue(report.contains("-> false"), report);
        passes(ConcurrencyRaces.class, "compareAndSetInALoop");
    }

    @Test
    void everyExecutionStartsFromAFreshInstanceAndFreshStatics() {
        passes(io.racex.store.java.examples.LifecycleRaces.class, "eachExecutionStartsFromTheSameState");
    }

    @Test
    void aBodyWithoutSharedStepsIsNoProof() {
        Throwable t = failure(ConcurrencyRaces.class, "touchesNothingShared");
        assertInstanceOf(RacexException.class, t);
        assertTrue(t.getMessage().contains("racex saw no shared step"), t.getMessage());
    }
}
