package io.racex.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The schema or database a store works in, named {@code racex_<random>}, and the monitor
 * connection the store uses for setup, resets, snapshots and the lock view. It exists so that the
 * one promise racex makes about someone else's database is kept in one place: racex drops only
 * what it created itself — on {@link #drop()}, at once when building it failed, and from a JVM
 * shutdown hook for a store that was never closed.
 *
 * <p>A run killed outright (SIGKILL, power loss) runs no hook. Where the database has advisory
 * locks (PostgreSQL, MariaDB) the monitor connection holds a lease on the scratch name, taken
 * before the space is created, for as long as the run lives, and the space carries racex's owner
 * mark (host, pid, start time) as its comment; {@link StaleScratch} removes marked spaces whose
 * lease is free, from {@code racex clean} and once per database at the start of every run.
 */
final class ScratchSpace {
    /** Scratch spaces created and not dropped yet, for the shutdown hook. */
    private static final Set<ScratchSpace> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private final Database db;
    private final Dialect dialect;
    private Connection monitor;
    private String name;
    private volatile boolean created;

    ScratchSpace(Database db, Dialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    /** The scratch schema or database name, once chosen; {@code null} before. */
    String name() {
        return name;
    }

    /** The monitor connection, inside the scratch space; {@code null} before {@link #create()} and after {@link #drop()}. */
    Connection monitor() {
        return monitor;
    }

    boolean isOpen() {
        return monitor != null;
    }

    /**
     * Chooses a fresh name, connects the monitor and creates the scratch space.
     *
     * @throws SQLException if the database refuses; what was created is dropped again first
     */
    void create() throws SQLException {
        installHook();
        name = freshName();
        monitor = db.connect(dialect.url(db, name));
        OPEN.add(this);
        if (dialect.hasLease()) {
            // the lease comes before the space: a scratch space with a free lease is always a dead run's
            for (int attempt = 0; !dialect.tryLease(monitor, name); attempt++) {
                if (attempt == 3) {
                    throw new SQLException("cannot take the lease on a new scratch name (advisory locks all taken?)");
                }
                name = freshName();
            }
            StaleScratch.sweepOnce(db, dialect);
        }
        try (Statement s = monitor.createStatement()) {
            dialect.createScratch(s, name);
            created = true;
        }
        dialect.initSession(monitor, name);
    }

    private String freshName() {
        // unique enough across processes and stores; SecureRandom would cost its seeding on every start
        long r = ThreadLocalRandom.current().nextLong() ^ System.nanoTime() ^ (ProcessHandle.current().pid() << 40);
        return dialect.scratchName(Long.toHexString(r & 0xFFFFFFFFFFL));
    }

    /** Empties the scratch space of every object, for a rebuild from the setup. */
    void clear() throws SQLException {
        try (Statement s = monitor.createStatement()) {
            dialect.clearScratch(s, name);
        }
        dialect.initSession(monitor, name);
    }

    /** Drops the scratch space if this store created it, never anything else, and closes the monitor. */
    void drop() {
        try {
            if (monitor != null && created) {
                try (Statement s = monitor.createStatement()) {
                    dialect.dropScratch(s, name);
                    created = false;
                } catch (SQLException e) {
                    dropFromNewConnection();
                }
            }
        } finally {
            ConnectionSlot.closeQuietly(monitor);
            monitor = null;
            OPEN.remove(this);
        }
    }

    private void dropFromNewConnection() {
        if (dialect.scratchDiesWithConnections()) {
            created = false;
            return;
        }
        try (Connection c = db.connect(db.url()); Statement s = c.createStatement()) {
            dialect.dropScratch(s, name);
            created = false;
        } catch (SQLException | RuntimeException e) {
            System.err.println("racex: could not drop its scratch " + dialect.scratchKind() + " " + name + " on " + db.display()
                    + ": " + SqlErrors.clean(e.getMessage()) + " (drop it by hand)");
        }
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (OPEN) {
            if (hookInstalled) {
                return;
            }
            java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (ScratchSpace s : OPEN) {
                    // the owning thread may be using the monitor: drop from a fresh connection
                    if (s.created && s.name != null) {
                        s.dropFromNewConnection();
                    }
                }
            }, "racex-drop-scratch"));
            hookInstalled = true;
        }
    }
}
