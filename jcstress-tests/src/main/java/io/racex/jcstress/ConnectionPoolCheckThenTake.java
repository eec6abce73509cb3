package io.racex.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;

/**
 * Seed 000's connection pool (racex's {@code connection-pool-memory}): a pool of 2 connections,
 * 3 requests; each checks that a connection is free, then takes it ({@code free = free - 1}).
 *
 * <p>Serially two requests get a connection and the third is told the pool is exhausted. If two
 * requests check before either takes, all three get one: the pool handed out 3 of its 2
 * connections (ACCEPTABLE_INTERESTING).
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t ConnectionPoolCheckThenTake
 * </pre>
 *
 * @see ConnectionPoolCompareAndSet the fix: take by compare-and-set
 */
@JCStressTest
@Description("Three requests check-then-take from a pool of two.")
@Outcome(id = {"true, true, false", "true, false, true", "false, true, true"}, expect = ACCEPTABLE,
        desc = "serial order: two get a connection, one is told the pool is exhausted")
@Outcome(id = "true, true, true", expect = ACCEPTABLE_INTERESTING, desc = "three connections from a pool of two")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class ConnectionPoolCheckThenTake {
    int free = 2;

    boolean acquire() {
        if (free > 0) {
            free = free - 1;
            return true;
        }
        return false;
    }

    @Actor
    public void request1(ZZZ_Result r) {
        r.r1 = acquire();
    }

    @Actor
    public void request2(ZZZ_Result r) {
        r.r2 = acquire();
    }

    @Actor
    public void request3(ZZZ_Result r) {
        r.r3 = acquire();
    }
}
