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
 * Seed 000, "connection pool exhaustion under load" (racex sample {@code connection-pool}, three
 * requests on a pool of two): here two requests on a pool of one, each "if free > 0 then free =
 * free - 1", since jcstress runs one actor per CPU and this machine has two. Both can pass the
 * check before either takes: the pool hands out two connections and {@code free} ends at -1.
 *
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t ConnectionPoolOverdraw
 * </pre>
 */
@JCStressTest
@Description("Two acquires on a pool of one: check free > 0, then free = free - 1.")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "one connection handed out, the other request refused")
@Outcome(id = "-1", expect = ACCEPTABLE_INTERESTING, desc = "overdraw: both passed the check, two connections handed out")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class ConnectionPoolOverdraw {
    int free = 1;

    void acquire() {
        if (free <= 0) {
            return;
        }
        free = free - 1;
    }

    @Actor
    public void request1() {
        acquire();
    }

    @Actor
    public void request2() {
        acquire();
    }

    @Arbiter
    public void free(I_Result r) {
        r.r1 = free;
    }
}
