package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The store's side of the lock view: when it asks, and in which order it reads the view and its own threads. */
class LockViewTest {
    /** H2's dialect with a lock view that answers {@code view}. */
    private static Dialect viewing(Supplier<Map<String, Set<String>>> view) {
        return new H2Dialect() {
            @Override
            Map<String, Set<String>> waits(Connection monitor, Set<String> sessions) {
                return view.get();
            }
        };
    }

    private static ConnectionSlot slot(int thread, boolean inStatement, boolean txOpen) {
        ConnectionSlot s = new ConnectionSlot(thread, "s" + thread);
        s.inStatement = inStatement;
        s.txOpen = txOpen;
        return s;
    }

    @Test
    void aThreadWaitingBehindAParkedHolderIsBlocked() {
        ConnectionSlot holder = slot(0, false, true);
        ConnectionSlot waiter = slot(1, true, true);
        LockView v = new LockView(Database.h2(), viewing(() -> Map.of("s1", Set.of("s0"))));
        assertEquals(Set.of(1), v.blocked(Set.of(1), List.of(holder, waiter), null));
    }

    @Test
    void theViewIsNotReadWhenNoCandidateIsInAStatement() {
        ConnectionSlot holder = slot(0, false, true);
        ConnectionSlot parked = slot(1, false, false);
        LockView v = new LockView(Database.h2(), viewing(() -> {
            throw new AssertionError("the lock view was read");
        }));
        assertEquals(Set.of(), v.blocked(Set.of(1), List.of(holder, parked), null));
    }

    @Test
    void aCycleTheDatabaseBreaksWhileTheViewIsReadDoesNotMakeTheVictimLookBlocked() {
        ConnectionSlot survivor = slot(0, true, true);
        ConnectionSlot victim = slot(1, true, true);
        LockView v = new LockView(Database.h2(), viewing(() -> {
            // the view shows the cycle; meanwhile the database aborts thread 1's statement, thread 0 gets
            // its lock and returns, parked with its transaction open, while thread 1 is still on its way back
            survivor.inStatement = false;
            return Map.of("s0", Set.of("s1"), "s1", Set.of("s0"));
        }));
        assertEquals(Set.of(), v.blocked(Set.of(1), List.of(survivor, victim), null));
    }
}
