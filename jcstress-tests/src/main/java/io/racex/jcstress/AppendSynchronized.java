package io.racex.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The fix for {@link AppendLostUpdate}: each {@code msg = msg + "a"} inside {@code synchronized (lock)}.
 *
 * <p>Start: {@code msg = "msg a"}; both actors append once under the lock; the arbiter records msg.
 * Only {@code "msg aaa"} is ACCEPTABLE; {@code "msg aa"} is FORBIDDEN and would fail the test.
 *
 * <p>How to run it (from the project root, after
 * {@code mvn -B -pl jcstress-tests -am package -DskipTests}):
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -v -t AppendSynchronized
 * </pre>
 * ({@code -v} prints the table of a test that passed without interesting results.)
 * About a minute on an idle 2-core machine. What a run printed there (JDK 17, x86-64, 2 CPUs):
 * <pre>
 *  .......... [OK] io.racex.jcstress.AppendSynchronized
 *
 *    Results across all configurations:
 *
 *     RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *     msg aa           0    0.00%   Forbidden  lost update: must not happen under the lock
 *    msg aaa  49,879,568  100.00%  Acceptable  both appends kept
 * </pre>
 * Expect 0 samples for {@code msg aa} and the test [OK].
 */
@JCStressTest
@Description("The fix for AppendLostUpdate: each append inside synchronized (lock).")
@Outcome(id = "msg aaa", expect = ACCEPTABLE, desc = "both appends kept")
@Outcome(id = "msg aa", expect = FORBIDDEN, desc = "lost update: must not happen under the lock")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class AppendSynchronized {

    private final Object lock = new Object();

    String msg = "msg a";

    @Actor
    public void append1() {
        synchronized (lock) {
            msg = msg + "a";
        }
    }

    @Actor
    public void append2() {
        synchronized (lock) {
            msg = msg + "a";
        }
    }

    @Arbiter
    public void message(L_Result r) {
        r.r1 = msg;
    }
}
