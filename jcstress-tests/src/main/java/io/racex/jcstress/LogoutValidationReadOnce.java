package io.racex.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
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
 * The fix of {@link LogoutValidationCheckThenRead}: validate reads the session once and decides
 * on that one value.
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t LogoutValidationReadOnce
 * </pre>
 */
@JCStressTest
@Description("validate reads a session once while logout removes it.")
@Outcome(id = {"valid: alice", "invalid"}, expect = ACCEPTABLE, desc = "serial order")
@Outcome(expect = FORBIDDEN, desc = "valid with no user, or anything else")
@State
public class LogoutValidationReadOnce {
    final Map<String, String> sessions = new ConcurrentHashMap<>(Map.of("tok-1", "alice"));

    @Actor
    public void validate(L_Result r) {
        String user = sessions.get("tok-1");
        r.r1 = user == null ? "invalid" : "valid: " + user;
    }

    @Actor
    public void logout() {
        sessions.remove("tok-1");
    }
}
