package io.racex.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/**
 * The fix of {@link SharedTransactionConnection}, as in the pull request: the helper keeps the
 * connection per task (a map keyed by the running thread), so each task closes its own.
 * <pre>
 *   java -jar jcstress-tests/target/jcstress.jar -m quick -t SharedTransactionPerTask
 * </pre>
 */
@JCStressTest
@Description("Two tasks share a transaction helper that keys the connection by task.")
@Outcome(id = "true, true", expect = ACCEPTABLE, desc = "each task closed its own connection")
@Outcome(expect = FORBIDDEN, desc = "a connection left open")
@State
public class SharedTransactionPerTask {
    static final class Connection {
        volatile boolean closed;
    }

    final Connection conn1 = new Connection();
    final Connection conn2 = new Connection();
    final Map<Thread, Connection> connections = new ConcurrentHashMap<>();

    void request(Connection mine) {
        connections.put(Thread.currentThread(), mine);
        connections.remove(Thread.currentThread()).closed = true;
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
