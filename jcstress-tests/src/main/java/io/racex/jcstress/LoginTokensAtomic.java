package io.racex.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The fix of {@link LoginTokensDuplicate}: the token number comes from
 * {@link AtomicInteger#getAndIncrement()}, so the two logins never share a token.
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t LoginTokensAtomic
 * </pre>
 */
@JCStressTest
@Description("Two logins take their token number with an atomic increment.")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "each login its own token")
@Outcome(expect = FORBIDDEN, desc = "a duplicate token")
@State
public class LoginTokensAtomic {
    final AtomicInteger next = new AtomicInteger();

    @Actor
    public void alice(II_Result r) {
        r.r1 = next.getAndIncrement();
    }

    @Actor
    public void bob(II_Result r) {
        r.r2 = next.getAndIncrement();
    }
}
