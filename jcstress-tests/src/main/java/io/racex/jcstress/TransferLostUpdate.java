package io.racex.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The bank transfer race from the course notes, on plain {@code int} fields, observed on real hardware.
 *
 * <p>Start: {@code a = 100, b = 200, c = 150}. Two transfers run at the same time:
 * <ul>
 *   <li>actor 1, transfer(b to a, 100): reads b, reads a, then if b &gt; 100 writes a = a + 100 and b = b - 100;</li>
 *   <li>actor 2, transfer(c to a, 50): reads c, reads a, then if c &gt; 50 writes a = a + 50 and c = c - 50.</li>
 * </ul>
 * After both, the arbiter records {@code (a, b, c)}. Run one after the other, the transfers end in
 * {@code 250, 100, 100}. When both read {@code a = 100} before either writes it, the later write of
 * {@code a} wipes out the earlier one: {@code 200, 100, 100} (the 50 is lost) or {@code 150, 100, 100}
 * (the 100 is lost), while b and c are still debited. This is the lost update racex finds by exploring
 * schedules; here jcstress finds it by running the code billions of times.
 *
 * <p>How to run it (from the project root, after
 * {@code mvn -B -pl jcstress-tests -am package -DskipTests}):
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t TransferLostUpdate
 * </pre>
 * About a minute on an idle 2-core machine. What a run printed there (JDK 17, x86-64, 2 CPUs):
 * <pre>
 *  .......... [OK] io.racex.jcstress.TransferLostUpdate
 *
 *    Results across all configurations:
 *
 *           RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *    150, 100, 100   29,699,881    4.43%  Interesting  lost update: one transfer's write of a overwrote the other's
 *    200, 100, 100   28,180,032    4.21%  Interesting  lost update: one transfer's write of a overwrote the other's
 *    250, 100, 100  612,059,515   91.36%   Acceptable  serial order
 * </pre>
 * Expect both lost-update rows to be non-zero (a few percent each; the exact counts depend on the
 * machine and its load) and the test to be listed under "Interesting tests". Any other outcome would
 * be a FORBIDDEN result and make the test fail. The quickest smoke run, {@code -m sanity}
 * (about 10 s), takes only 112 samples, e.g. {@code 150, 100, 100: 1; 200, 100, 100: 3;
 * 250, 100, 100: 108}, and may see no lost update at all.
 *
 * @see TransferSynchronized the same transfers under a lock
 */
@JCStressTest
@Description("Two unsynchronized transfers into account a (b->a 100, c->a 50) on plain int fields.")
@Outcome(id = "250, 100, 100", expect = ACCEPTABLE, desc = "serial order")
@Outcome(id = {"150, 100, 100", "200, 100, 100"}, expect = ACCEPTABLE_INTERESTING,
        desc = "lost update: one transfer's write of a overwrote the other's")
@Outcome(expect = FORBIDDEN, desc = "impossible: money created or destroyed in another way")
@State
public class TransferLostUpdate {

    int a = 100;
    int b = 200;
    int c = 150;

    /** transfer(b -> a, 100): read b, read a, then if b > 100 write a = a + 100 and b = b - 100. */
    @Actor
    public void transferBtoA() {
        int rb = b;
        int ra = a;
        if (rb > 100) {
            a = ra + 100;
            b = rb - 100;
        }
    }

    /** transfer(c -> a, 50): read c, read a, then if c > 50 write a = a + 50 and c = c - 50. */
    @Actor
    public void transferCtoA() {
        int rc = c;
        int ra = a;
        if (rc > 50) {
            a = ra + 50;
            c = rc - 50;
        }
    }

    @Arbiter
    public void balances(III_Result r) {
        r.r1 = a;
        r.r2 = b;
        r.r3 = c;
    }
}
