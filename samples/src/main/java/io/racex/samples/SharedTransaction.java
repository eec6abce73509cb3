package io.racex.samples;

import io.racex.store.memory.Memory;
import io.racex.Operation;
import io.racex.Scenario;
import io.racex.store.memory.MemoryAccess;

/**
 * Seed 001, encode/databases PR #546: one {@code Transaction} helper object is shared by every
 * request of a route. Each request opens its own connection and stores it in the helper's
 * {@code _connection} field; at the end it closes "its" connection — read back from that shared
 * field. A second request that begins in between overwrites the field, so the first request
 * closes the second one's connection, and the second then closes an already closed connection.
 *
 * <pre>
 * $ java -jar explorer-cli/target/racex.jar explore shared-transaction-memory
 * racex: VIOLATION in shared-transaction-memory: not linearizable
 *   observed ... open={conn-1=true, conn-2=false} ... is not the outcome of any serial order
 * </pre>
 *
 * The fix, {@code shared-transaction-memory-fixed}, keys the connection by task (the PR's ContextVar):
 * each request closes the connection it opened.
 */
public final class SharedTransaction {
    private SharedTransaction() {}

    static void register() {
        register("shared-transaction-memory");
    }

    private static void register(String name) {
        SampleCatalog.add(name,
                "seed 001: a Transaction helper shared by two tasks keeps one _connection field: a task closes the other's connection",
                true, () -> scenario(name, false));
        SampleCatalog.add(name + "-fixed", "the helper keys the connection by task (a ContextVar): each closes its own",
                false, () -> scenario(name + "-fixed", true));
    }

    static Scenario<?> scenario(String name, boolean fixed) {
        return Memory.scenario(name)
                .initial(s -> s.cell("txn._connection", "none").map("open").map("txn.byTask"))
                .description(fixed ? "connection state keyed by task" : "connection state in one field shared by tasks (seed 001)")
                .invariant("every connection is closed at the end", st -> !((java.util.Map<?, ?>) st.get("open")).containsValue(true))
                .thread(Operation.of("request(task 1)", m -> request(m, "task-1", "conn-1", fixed)))
                .thread(Operation.of("request(task 2)", m -> request(m, "task-2", "conn-2", fixed)))
                .build();
    }

    /** One request: begin (open a connection, remember it), query, end (close the remembered connection). */
    private static Object request(MemoryAccess m, String task, String conn, boolean fixed) {
        m.put("open", conn, true);
        if (fixed) {
            m.put("txn.byTask", task, conn);
        } else {
            m.write("txn._connection", conn);
        }
        String toClose = fixed ? (String) m.get("txn.byTask", task) : m.readString("txn._connection");
        if (Boolean.FALSE.equals(m.get("open", toClose))) {
            return "error: " + toClose + " already closed";
        }
        m.put("open", toClose, false);
        if (fixed) {
            m.remove("txn.byTask", task);
        }
        return "closed " + toClose;
    }
}
