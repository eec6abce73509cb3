package io.racex.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * The fix of {@link ConnectionPoolCheckThenTake}: a request takes a connection by
 * compare-and-set of the free count, retried while it fails and a connection is free.
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t ConnectionPoolCompareAndSet
 * </pre>
 */
@JCStressTest
@Description("Two requests take from a pool of one by compare-and-set.")
@Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE,
        desc = "one gets the connection, the other is told the pool is exhausted")
@Outcome(expect = FORBIDDEN, desc = "two connections from a pool of one, or anything else")
@State
public class ConnectionPoolCompareAndSet {
    final AtomicInteger free = new AtomicInteger(1);

    boolean acquire() {
        int n;
        do {
            n = free.get();
            if (n == 0) {
                return false;
            }
        } while (!free.compareAndSet(n, n - 1));
        return true;
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
