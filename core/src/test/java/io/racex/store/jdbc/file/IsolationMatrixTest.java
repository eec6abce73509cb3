package io.racex.store.jdbc.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.store.jdbc.file.IsolationMatrix.Mechanism;
import io.racex.store.jdbc.file.IsolationMatrix.NotSupported;
import io.racex.store.jdbc.file.IsolationMatrix.Passes;
import io.racex.store.jdbc.file.IsolationMatrix.Prevented;
import io.racex.store.jdbc.file.IsolationMatrix.Row;
import io.racex.store.jdbc.file.IsolationMatrix.Violation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IsolationMatrixTest {
    static final Violation LOST = new Violation(Optional.of("lost update"));

    @Test
    void rendersALevelPerRowAndADatabasePerColumn() {
        List<Row> rows = List.of(
                new Row("h2", "READ_UNCOMMITTED", LOST),
                new Row("postgresql", "READ_UNCOMMITTED", LOST),
                new Row("mariadb", "READ_UNCOMMITTED", new Violation(Optional.empty())),
                new Row("h2", "READ_COMMITTED", LOST),
                new Row("postgresql", "READ_COMMITTED", LOST),
                new Row("mariadb", "READ_COMMITTED", LOST),
                new Row("h2", "REPEATABLE_READ", new Prevented(Mechanism.BLOCKED)),
                new Row("postgresql", "REPEATABLE_READ", new Prevented(Mechanism.SERIALIZATION_FAILURE)),
                new Row("mariadb", "REPEATABLE_READ", LOST),
                new Row("h2", "SERIALIZABLE", new Passes()),
                new Row("postgresql", "SERIALIZABLE", new Prevented(Mechanism.SERIALIZATION_FAILURE)),
                new Row("mariadb", "SERIALIZABLE", new Prevented(Mechanism.DEADLOCK)),
                new Row("h2", "SNAPSHOT", new Passes()),
                new Row("mariadb", "SNAPSHOT", new NotSupported()));
        String expected = """
                | isolation level  | h2                      | postgresql                       | mariadb                 |
                |------------------|-------------------------|----------------------------------|-------------------------|
                | READ UNCOMMITTED | violation (lost update) | violation (lost update)          | violation               |
                | READ COMMITTED   | violation (lost update) | violation (lost update)          | violation (lost update) |
                | REPEATABLE READ  | prevented: blocked      | prevented: serialization failure | violation (lost update) |
                | SERIALIZABLE     | passes                  | prevented: serialization failure | prevented: deadlock     |
                | SNAPSHOT         | passes                  | -                                | not supported           |
                """;
        assertEquals(expected, IsolationMatrix.render(rows));
    }

    @Test
    void keepsTheOrderRowsCameInAndMarksMissingCells() {
        String expected = """
                | isolation level | h2     | postgresql              |
                |-----------------|--------|-------------------------|
                | SERIALIZABLE    | passes | -                       |
                | READ COMMITTED  | -      | violation (lost update) |
                """;
        assertEquals(expected, IsolationMatrix.render(List.of(new Row("h2", "SERIALIZABLE", new Passes()),
                new Row("postgresql", "read committed", LOST))));
    }
}
