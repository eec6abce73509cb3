package io.racex.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * Seed 000's connection pool (racex's {@code connection-pool-memory}, which has 3 requests on a
 * pool of 2): here 2 requests on a pool of 1 — jcstress runs a test only with a CPU per actor, and
 * a machine with 2 CPUs silently skips a test with 3 actors. Each request checks that a
 * connection is free, then takes it ({@code free = free - 1}).
 *
 * <p>Serially one request gets the connection and the other is told the pool is exhausted. If
 * both check before either takes, both get one: the pool handed out 2 of its 1 connection
 * (ACCEPTABLE_INTERESTING).
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t ConnectionPoolCheckThenTake
 * </pre>
 *
 * @see ConnectionPoolCompareAndSet the fix: take by compare-and-set
 */
@JCStressTest
@Description("Two requests check-then-take from a pool of one.")
@Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE,
        desc = "serial order: one gets the connection, the other is told the pool is exhausted")
@Outcome(id = "true, true", expect = ACCEPTABLE_INTERESTING, desc = "two connections from a pool of one")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class ConnectionPoolCheckThenTake {
    int free = 1;

    boolean acquire() {
        if (free > 0) {
            free = free - 1;
            return true;
        }
        return false;
    }

    @Actor
    public void request1(ZZ_Result r) {
        r.r1 = acquire();
    }

    @Actor
    public void request2(ZZ_Result r) {
        r.r2 = acquire();
    }

}
