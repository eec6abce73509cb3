package io.racex.store.jdbc;

import io.racex.RacexException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds and removes the scratch spaces of racex runs that are gone (killed with SIGKILL, a lost
 * machine): schemas (PostgreSQL, H2 by URL) or databases (MariaDB) named {@code racex_<hex>}
 * that carry racex's owner mark and whose owner is provably dead — its lease (an advisory lock
 * its monitor connection held for its whole life) is free, or, on H2, its process is gone from
 * this host. Anything else is listed and left alone: a space in use by a live run, and a
 * {@code racex_…} space without the mark (made by an older racex, or by someone else).
 *
 * <pre>{@code
 * for (StaleScratch.Entry e : StaleScratch.clean(Database.postgresql(), false)) {
 *     System.out.println(e);
 * }
 * }</pre>
 */
public final class StaleScratch {
    /** What became of one scratch space. */
    public enum State {
        /** Its run was gone: dropped. */
        REMOVED,
        /** Its run is gone; not dropped because only a listing was asked for. */
        STALE,
        /** A live run holds it. */
        LIVE,
        /** Named like racex's but without racex's owner mark: never touched. */
        UNMARKED,
        /** Its run is gone, but the drop failed (the reason is in the detail). */
        FAILED
    }

    /**
     * One scratch space found.
     *
     * @param name the schema's or database's name
     * @param kind {@code schema} or {@code database}
     * @param state what became of it
     * @param detail who made it, or why it was kept
     */
    public record Entry(String name, String kind, State state, String detail) {
        @Override
        public String toString() {
            String verb = switch (state) {
                case REMOVED -> "removed";
                case STALE -> "stale";
                case LIVE, UNMARKED -> "kept";
                case FAILED -> "failed";
            };
            return String.format("%-8s %s %s  %s", verb, kind, name, detail);
        }
    }

    /** Databases swept at the start of a run in this process, by URL: once each. */
    private static final Set<String> SWEPT = ConcurrentHashMap.newKeySet();

    private StaleScratch() {}

    /**
     * Lists racex's scratch spaces on {@code db} and, unless {@code dryRun}, drops those whose run
     * is gone.
     *
     * @throws RacexException when the database cannot be reached or listed
     */
    public static List<Entry> clean(Database db, boolean dryRun) {
        Dialect dialect = Dialect.of(db);
        if (db.isPrivateMemory()) {
            return List.of(); // a private in-memory H2 database dies with its run
        }
        try (Connection c = db.connect(db.url())) {
            return clean(dialect, c, dryRun);
        } catch (SQLException e) {
            throw new RacexException("cannot list racex's scratch spaces on " + db.kind() + " at " + db.address() + ": "
                    + SqlErrors.clean(e.getMessage()), e);
        }
    }

    /** At the start of a run: drops the dead runs' scratch spaces on this database, once per process, quietly. */
    static void sweepOnce(Database db, Dialect dialect) {
        if (!SWEPT.add(db.url())) {
            return;
        }
        try (Connection c = db.connect(db.url())) {
            clean(dialect, c, false);
        } catch (SQLException | RuntimeException e) {
            // the sweep is a courtesy; racex clean reports what it cannot do
        }
    }

    private static List<Entry> clean(Dialect dialect, Connection c, boolean dryRun) throws SQLException {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, String> space : dialect.scratchSpaces(c).entrySet()) {
            String name = space.getKey();
            Optional<ScratchOwner> owner = ScratchOwner.parse(space.getValue());
            if (owner.isEmpty()) {
                out.add(new Entry(name, dialect.scratchKind(), State.UNMARKED, "no racex owner mark: not racex's to drop"));
                continue;
            }
            String who = "made by " + owner.get().describe();
            boolean leased = false;
            if (dialect.hasLease()) {
                if (!dialect.tryLease(c, name)) {
                    out.add(new Entry(name, dialect.scratchKind(), State.LIVE, "in use by a live run, " + who));
                    continue;
                }
                leased = true;
            } else if (!owner.get().goneFromThisHost()) {
                out.add(new Entry(name, dialect.scratchKind(), State.LIVE, "its run may be alive, " + who));
                continue;
            }
            try {
                if (dryRun) {
                    out.add(new Entry(name, dialect.scratchKind(), State.STALE, who + ", gone"));
                } else {
                    try (Statement s = c.createStatement()) {
                        dialect.dropScratch(s, name);
                    }
                    out.add(new Entry(name, dialect.scratchKind(), State.REMOVED, who + ", gone"));
                }
            } catch (SQLException e) {
                out.add(new Entry(name, dialect.scratchKind(), State.FAILED, who + ": " + SqlErrors.clean(e.getMessage())));
            } finally {
                if (leased) {
                    dialect.releaseLease(c, name);
                }
            }
        }
        return out;
    }
}
