package io.racex.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Seed 000's duplicate session token: two logins each take the next token number by reading a
 * counter, then writing it back plus one (racex's {@code login-tokens-memory}, with two logins).
 *
 * <p>Serially the logins get tokens 0 and 1 (in either order). If both read 0 before either writes,
 * both get token 0: two users share one session (ACCEPTABLE_INTERESTING).
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t LoginTokensDuplicate
 * </pre>
 * What a run printed is in {@code docs/jcstress-vs-racex.md}.
 *
 * @see LoginTokensAtomic the fix: the number is taken with an atomic increment
 */
@JCStressTest
@Description("Two logins read-then-increment a plain int token counter.")
@Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "serial order: each login its own token")
@Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING, desc = "duplicate token: both logins read 0 before either wrote")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class LoginTokensDuplicate {
    int next;

    int login() {
        int n = next;
        next = n + 1;
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
