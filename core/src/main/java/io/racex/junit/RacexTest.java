package io.racex.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test whose body racex runs in every interleaving that matters: the body is thread 0 of a
 * scenario, every {@code Thread} it starts becomes an explored thread, and the test's own
 * assertions are the check: the test fails when any execution lets an exception or
 * {@code AssertionError} escape any thread, or deadlocks (every thread waits, or a thread waits
 * forever in {@code wait()} or {@code park()}: a lost wake-up). Its message is racex's report of
 * the minimal failing schedule, ending with the {@link Replay @Replay} line that replays it.
 *
 * <pre>{@code
 * @RacexTest
 * void transfersKeepTheTotal() throws Exception {
 *     Bank bank = new Bank(100, 200, 150);
 *     Thread t1 = new Thread(() -> bank.transfer("b", "a", 100));
 *     Thread t2 = new Thread(() -> bank.transfer("c", "a", 50));
 *     t1.start(); t2.start(); t1.join(); t2.join();
 *     assertEquals(450, bank.total());
 * }
 * }</pre>
 *
 * <p>racex loads the test class again through its instrumenting class loader, which rewrites the
 * classes of the test's package (and of {@link #instrument()}) so that every field and array
 * access, monitor, {@code wait/notify}, thread call, lock, atomic and collection call is a step it
 * schedules. For each execution it makes a new instance of the test class, runs its
 * {@code @BeforeEach} methods, the test method and its {@code @AfterEach} methods, after resetting
 * the static fields of the instrumented classes; so each execution starts from the same state.
 * The exploration is exhaustive (optimal DPOR): a pass says every trace was run. A body that
 * makes no shared step at all fails as a set-up error, since racex then scheduled nothing (the
 * code is probably not instrumented). Memory model: sequential consistency.
 *
 * <p>The test method must take no parameters; the test class needs a constructor without
 * parameters and must not be an inner class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Test
@ExtendWith(RacexTestExtension.class)
public @interface RacexTest {
    /** Stop after this many executions (the test then passes without the proof, saying so in its report entry). */
    long maxSchedules() default 100_000;

    /** More packages or classes to instrument, besides the test class's own package. */
    String[] instrument() default {};
}
