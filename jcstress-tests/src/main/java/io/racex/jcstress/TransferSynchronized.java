package io.racex.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The transfers of {@link TransferLostUpdate}, each one a critical section on a shared lock.
 *
 * <p>Start: {@code a = 100, b = 200, c = 150}; actor 1 moves 100 from b to a, actor 2 moves 50 from c
 * to a, each inside {@code synchronized (lock)}. Holding the lock from the reads to the writes makes
 * each transfer atomic, so the only possible end state is {@code 250, 100, 100}; the lost updates
 * {@code 150, 100, 100} and {@code 200, 100, 100} are FORBIDDEN and would fail the test.
 *
 * <p>How to run it (from the project root, after
 * {@code mvn -B -pl jcstress-tests -am package -DskipTests}):
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -v -t TransferSynchronized
 * </pre>
 * ({@code -v} prints the table of a test that passed without interesting results.)
 * About a minute on an idle 2-core machine. What a run printed there (JDK 17, x86-64, 2 CPUs):
 * <pre>
 *  .......... [OK] io.racex.jcstress.TransferSynchronized
 *
 *    Results across all configurations:
 *
 *           RESULT     SAMPLES     FREQ      EXPECT  DESCRIPTION
 *    150, 100, 100           0    0.00%   Forbidden  lost update: one transfer's write of a overwrote the other's
 *    200, 100, 100           0    0.00%   Forbidden  lost update: one transfer's write of a overwrote the other's
 *    250, 100, 100  95,836,786  100.00%  Acceptable  serial order
 * </pre>
 * Expect 0 samples in both lost-update rows and the test [OK].
 */
@JCStressTest
@Description("The transfers of TransferLostUpdate, each inside synchronized (lock): no update can be lost.")
@Outcome(id = "250, 100, 100", expect = ACCEPTABLE, desc = "serial order")
@Outcome(id = {"150, 100, 100", "200, 100, 100"}, expect = FORBIDDEN,
        desc = "lost update: one transfer's write of a overwrote the other's")
@Outcome(expect = FORBIDDEN, desc = "impossible: money created or destroyed in another way")
@State
public class TransferSynchronized {

    private final Object lock = new Object();

    int a = 100;
    int b = 200;
    int c = 150;

    /** transfer(b -> a, 100) as one critical section. */
    @Actor
    public void transferBtoA() {
        synchronized (lock) {
            int rb = b;
            int ra = a;
            if (rb > 100) {
                a = ra + 100;
                b = rb - 100;
            }
        }
    }

    /** transfer(c -> a, 50) as one critical section. */
    @Actor
    public void transferCtoA() {
        synchronized (lock) {
            int rc = c;
            int ra = a;
            if (rc > 50) {
                a = ra + 50;
                c = rc - 50;
            }
        }
    }

    @Arbiter
    public void balances(III_Result r) {
        r.r1 = a;
        r.r2 = b;
        r.r3 = c;
    }
}
