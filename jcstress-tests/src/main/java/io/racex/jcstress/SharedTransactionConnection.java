package io.racex.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * Seed 001 (encode/databases #546, racex's {@code shared-transaction-memory}): two tasks share
 * one {@code Transaction} helper; each opens its connection, stores it in the helper's
 * {@code _connection} field, and at the end closes the connection the field holds.
 *
 * <p>Serially each task closes its own connection. If the second task stores its connection
 * between the first task's store and its close, the first task closes the second's connection
 * and its own stays open; the arbiter records whether each connection ended closed
 * ({@code false, true}: connection 1 left open; ACCEPTABLE_INTERESTING).
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t SharedTransactionConnection
 * </pre>
 *
 * @see SharedTransactionPerTask the pull request's fix: the connection is kept per task
 */
@JCStressTest
@Description("Two tasks share a transaction helper's _connection field.")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "each task closed its own connection")
@Outcome(id = {"false, true", "true, false"}, expect = ACCEPTABLE_INTERESTING,
        desc = "a task closed the other's connection: one left open")
@Outcome(expect = FORBIDDEN, desc = "impossible")
@State
public class SharedTransactionConnection {
    static final class Connection {
        boolean closed;
    }

    final Connection conn1 = new Connection();
    final Connection conn2 = new Connection();
    // the helper's self._connection, shared by both tasks; volatile so that the task really reads it
    // back before closing (the JIT may not reuse the value it stored): the race is not about visibility
    volatile Connection connection;

    void request(Connection mine) {
        connection = mine;
        Connection c = connection;
        c.closed = true;
    }

    @Actor
    public void task1() {
        request(conn1);
    }

    @Actor
    public void task2() {
        request(conn2);
    }

    @Arbiter
    public void closed(ZZ_Result r) {
        r.r1 = conn1.closed;
        r.r2 = conn2.closed;
    }
}
