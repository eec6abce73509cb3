package io.racex.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Seed 000, "concurrent logins must yield unique session tokens" (racex sample {@code login-tokens}):
 * each login takes the next token number by reading a plain {@code int} counter and writing it back
 * plus one. Both logins can take number 0: two users share one session token.
 *
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t LoginTokensDuplicate
 * </pre>
 * The numbers a run printed on this machine class are in docs/jcstress.md.
 */
@JCStressTest
@Description("Two logins each take the next token number from a plain int counter.")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "serial order: distinct tokens")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "duplicate token: both logins read 0")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class LoginTokensDuplicate {
    int nextToken;

    int login() {
        int n = nextToken;
        nextToken = n + 1;
        return n;
    }

    @Actor
    public void alice(II_Result r) {
        r.r1 = login();
    }

    @Actor
    public void bob(II_Result r) {
        r.r2 = login();
    }
}
