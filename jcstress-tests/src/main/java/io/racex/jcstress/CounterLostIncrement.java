package io.racex.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The lost increment: two threads each do {@code x = x + 1} (read, then write) on a plain {@code int}.
 *
 * <p>Start: {@code x = 0}. If one increment runs entirely before the other, x ends at 2. If both read
 * 0 before either writes, both write 1 and one increment is lost: x ends at 1 (ACCEPTABLE_INTERESTING).
 *
 * <p>How to run it (from the project root, after
 * {@code mvn -B -pl jcstress-tests -am package -DskipTests}):
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t CounterLostIncrement
 * </pre>
 * About a minute on an idle 2-core machine. What a run printed there (JDK 17, x86-64, 2 CPUs):
 * <pre>
 *  .......... [OK] io.racex.jcstress.CounterLostIncrement
 *
 *    Results across all configurations:
 *
 *    RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *         1   29,811,751   10.42%  Interesting  lost update: both read 0, one increment overwrote the other
 *         2  256,200,381   89.58%   Acceptable  serial order
 * </pre>
 * Expect a non-zero count for 1 (around a tenth of the samples there) and the test listed under
 * "Interesting tests". A {@code -m sanity} run (112 samples) can show 0 for it.
 *
 * @see CounterAtomic the fix with an atomic increment
 */
@JCStressTest
@Description("Two unsynchronized increments x = x + 1 of a plain int field.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "serial order")
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING,
        desc = "lost update: both read 0, one increment overwrote the other")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class CounterLostIncrement {

    int x;

    @Actor
    public void increment1() {
        int r = x;
        x = r + 1;
    }

    @Actor
    public void increment2() {
        int r = x;
        x = r + 1;
    }

    @Arbiter
    public void value(I_Result r) {
        r.r1 = x;
    }
}
