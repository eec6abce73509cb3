package io.racex.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * Seed 000's token validation during a logout (racex's {@code logout-validation-memory}):
 * {@code validate} checks that the session exists, then reads its user; {@code logout} removes
 * it. A {@link ConcurrentHashMap} makes each call atomic, not the pair.
 *
 * <p>Serially validate answers {@code valid: alice} (before the logout) or {@code invalid}
 * (after). If the removal falls between the check and the read, it answers {@code valid: null}
 * (ACCEPTABLE_INTERESTING).
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t LogoutValidationCheckThenRead
 * </pre>
 *
 * @see LogoutValidationReadOnce the fix: read the session once
 */
@JCStressTest
@Description("validate checks then reads a session while logout removes it.")
@Outcome(id = {"valid: alice", "invalid"}, expect = ACCEPTABLE, desc = "serial order")
@Outcome(id = "valid: null", expect = ACCEPTABLE_INTERESTING, desc = "the logout fell between the check and the read")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class LogoutValidationCheckThenRead {
    final Map<String, String> sessions = new ConcurrentHashMap<>(Map.of("tok-1", "alice"));

    @Actor
    public void validate(L_Result r) {
        r.r1 = sessions.containsKey("tok-1") ? "valid: " + sessions.get("tok-1") : "invalid";
    }

    @Actor
    public void logout() {
        sessions.remove("tok-1");
    }
}
