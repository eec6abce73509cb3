package io.racex.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The lost append: two threads each do {@code msg = msg + "a"} on a plain {@code String} field.
 *
 * <p>Start: {@code msg = "msg a"}. Run one after the other, the appends give {@code "msg aaa"}. If both
 * read {@code "msg a"} before either writes, both write {@code "msg aa"} and one append is lost
 * (ACCEPTABLE_INTERESTING). The result is recorded as an {@code L_Result} (one object, printed with
 * {@code toString()}).
 *
 * <p>How to run it (from the project root, after
 * {@code mvn -B -pl jcstress-tests -am package -DskipTests}):
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t AppendLostUpdate
 * </pre>
 * About a minute on an idle 2-core machine. What a run printed there (JDK 17, x86-64, 2 CPUs):
 * <pre>
 *  .......... [OK] io.racex.jcstress.AppendLostUpdate
 *
 *    Results across all configurations:
 *
 *     RESULT      SAMPLES     FREQ       EXPECT  DESCRIPTION
 *     msg aa      612,133    0.61%  Interesting  lost update: both read "msg a", one append overwrote the ...
 *    msg aaa  100,187,708   99.39%   Acceptable  serial order
 * </pre>
 * Expect a non-zero count for {@code msg aa} (rarer than for the int counter, since building the new
 * String takes longer than the window between the read and the write) and the test listed under
 * "Interesting tests". In one {@code -m sanity} run (112 samples) it showed {@code msg aa: 14}.
 *
 * @see AppendSynchronized the fix with a lock
 */
@JCStressTest
@Description("Two unsynchronized appends msg = msg + \"a\" to a plain String field that starts as \"msg a\".")
@Outcome(id = "msg aaa", expect = ACCEPTABLE, desc = "serial order")
@Outcome(id = "msg aa", expect = ACCEPTABLE_INTERESTING,
        desc = "lost update: both read \"msg a\", one append overwrote the other")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class AppendLostUpdate {

    String msg = "msg a";

    @Actor
    public void append1() {
        String r = msg;
        msg = r + "a";
    }

    @Actor
    public void append2() {
        String r = msg;
        msg = r + "a";
    }

    @Arbiter
    public void message(L_Result r) {
        r.r1 = msg;
    }
}
