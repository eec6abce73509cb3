package io.racex.jcstress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * Seed 001 (encode/databases PR #546; racex sample {@code shared-transaction}): one transaction
 * helper shared by two requests keeps "its" connection in one field; each request begins (stores
 * its connection there) and commits (closes the connection read back from the field). When the
 * second begin comes between the first's begin and commit, connection 2 is closed twice and
 * connection 1 never.
 *
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t SharedTransactionField
 * </pre>
 */
@JCStressTest
@Description("Two requests begin and commit on one helper that keeps the connection in one field.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "each connection closed once")
@Outcome(id = {"0, 2", "2, 0"}, expect = ACCEPTABLE_INTERESTING, desc = "one connection closed twice, the other never (leaked)")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class SharedTransactionField {
    static final class Connection {
        int closes;
    }

    final Connection c1 = new Connection();
    final Connection c2 = new Connection();
    // volatile: so that the JIT cannot forward the begin's store to the commit's load (the Python
    // code awaits between them); the race is one of atomicity, not of visibility
    volatile Connection connection;

    void request(Connection mine) {
        connection = mine;        // begin
        Connection c = connection; // commit: close the connection in the field
        synchronized (c) {
            c.closes++;
        }
    }

    @Actor
    public void request1() {
        request(c1);
    }

    @Actor
    public void request2() {
        request(c2);
    }

    @Arbiter
    public void closes(II_Result r) {
        r.r1 = c1.closes;
        r.r2 = c2.closes;
    }
}
