package io.racex.jcstress;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Seed 000, "token validation under concurrent logouts" (racex sample {@code logout-validation}):
 * validation checks that the session exists, then reads its user, in two calls on a
 * {@link ConcurrentHashMap}; a logout between them makes it answer "valid: null".
 *
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t LogoutValidation
 * </pre>
 */
@JCStressTest
@Description("validate(token) = containsKey then get, while another thread logs the token out.")
@Outcome(id = {"valid: alice", "invalid"}, expect = ACCEPTABLE, desc = "serial order")
@Outcome(id = "valid: null", expect = ACCEPTABLE_INTERESTING, desc = "logout between the check and the read: a valid session with no user")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class LogoutValidation {
    final Map<String, String> sessions = new ConcurrentHashMap<>();

    public LogoutValidation() {
        sessions.put("t", "alice");
    }

    @Actor
    public void validate(L_Result r) {
        r.r1 = sessions.containsKey("t") ? "valid: " + sessions.get("t") : "invalid";
    }

    @Actor
    public void logout() {
        sessions.remove("t");
    }
}
