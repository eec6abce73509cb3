package io.racex.store.jdbc.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.store.jdbc.file.IsolationMatrix.Mechanism;
import io.racex.store.jdbc.file.IsolationMatrix.NotSupported;
import io.racex.store.jdbc.file.IsolationMatrix.Passes;
import io.racex.store.jdbc.file.IsolationMatrix.Prevented;
import io.racex.store.jdbc.file.IsolationMatrix.Row;
import io.racex.store.jdbc.file.IsolationMatrix.Violation;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
                new Row("h2", "REPEATABLE_READ", Prevented.always(Mechanism.BLOCKED, 4)),
                new Row("postgresql", "REPEATABLE_READ", Prevented.always(Mechanism.SERIALIZATION_FAILURE, 2)),
                new Row("mariadb", "REPEATABLE_READ", LOST),
                new Row("h2", "SERIALIZABLE", new Passes()),
                new Row("postgresql", "SERIALIZABLE", new Prevented(Map.of(Mechanism.SERIALIZATION_FAILURE, 3L), 4, 1)),
                new Row("mariadb", "SERIALIZABLE", Prevented.always(Mechanism.DEADLOCK, 1)),
                new Row("h2", "SNAPSHOT", new Passes()),
                new Row("mariadb", "SNAPSHOT", new NotSupported()));
        String expected = """
                | isolation level  | h2                                     | postgresql                                                                       | mariadb                                |
                |------------------|----------------------------------------|----------------------------------------------------------------------------------|----------------------------------------|
                | READ UNCOMMITTED | violation (lost update)                | violation (lost update)                                                          | violation                              |
                | READ COMMITTED   | violation (lost update)                | violation (lost update)                                                          | violation (lost update)                |
                | REPEATABLE READ  | prevented: blocked in 4 of 4 schedules | prevented: serialization failure in 2 of 2 schedules                             | violation (lost update)                |
                | SERIALIZABLE     | passes                                 | prevented: serialization failure in 3 of 4 schedules; 1 refused at every attempt | prevented: deadlock in 1 of 1 schedule |
                | SNAPSHOT         | passes                                 | -                                                                                | not supported                          |
                """;
        assertEquals(expected, IsolationMatrix.render(rows));
    }

    @Test
    void namesEveryMechanismSeenMostFrequentFirstWithItsCount() {
        Map<Mechanism, Long> seen = new EnumMap<>(Mechanism.class);
        seen.put(Mechanism.BLOCKED, 12L);
        seen.put(Mechanism.SERIALIZATION_FAILURE, 4L);
        seen.put(Mechanism.DEADLOCK, 20L);
        assertEquals("prevented: deadlock in 20 of 36 schedules, blocked in 12, serialization failure in 4",
                new Prevented(seen, 36, 0).text());
        // a tie puts a refusal before a wait, a deadlock before a serialization failure
        assertEquals("prevented: serialization failure in 5 of 9 schedules, blocked in 5",
                new Prevented(Map.of(Mechanism.BLOCKED, 5L, Mechanism.SERIALIZATION_FAILURE, 5L), 9, 0).text());
        assertEquals("prevented: deadlock in 2 of 9 schedules, serialization failure in 2, blocked in 2",
                new Prevented(Map.of(Mechanism.BLOCKED, 2L, Mechanism.SERIALIZATION_FAILURE, 2L, Mechanism.DEADLOCK, 2L), 9, 0).text());
        // the cell keeps its own copy: a caller's later count does not change it
        Prevented p = new Prevented(seen, 36, 0);
        seen.put(Mechanism.BLOCKED, 30L);
        assertEquals(List.of(Mechanism.DEADLOCK, Mechanism.BLOCKED, Mechanism.SERIALIZATION_FAILURE), p.order());
        assertTrue(p.text().contains("blocked in 12"), p.text());
    }

    @Test
    void refusesCountsThatCannotBe() {
        assertThrows(IllegalArgumentException.class, () -> new Prevented(Map.of(), 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new Prevented(Map.of(Mechanism.BLOCKED, 4L), 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new Prevented(Map.of(Mechanism.BLOCKED, 0L), 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new Prevented(Map.of(Mechanism.BLOCKED, 1L), 3, 4));
    }

    @Test
    void anUnfinishedCellShowsItsCountsAndSaysItIsNoVerdict() {
        assertEquals("prevented: blocked in 1 of 2 schedules so far (stopped after 2 executions: not every schedule)",
                new IsolationMatrix.Unfinished(new Prevented(Map.of(Mechanism.BLOCKED, 1L), 2, 0), 2).text());
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
