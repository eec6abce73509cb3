package io.racex;

import io.racex.store.CompareAndSet;
import io.racex.store.Footprint;
import io.racex.store.StepKind;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A named pattern in a failing history, derived from its steps' read and write footprints, the
 * threads' transaction boundaries (their COMMIT and ROLLBACK steps) and the values steps returned.
 *
 * <p>A thread's steps up to its next COMMIT or ROLLBACK step form one transaction; a thread that
 * never commits or rolls back runs each step on its own (auto-commit), as in-memory scenarios do.
 * Steps that failed (their value is an error) and writes of transactions that rolled back changed
 * nothing, so they take part in no pattern but the dirty read of data that never existed.
 *
 * <p>The everyday names follow Berenson et al., "A Critique of ANSI SQL Isolation Levels" (1995):
 * dirty write (P0), lost update (P4), write skew (A5B, also on a predicate: check-then-insert),
 * dirty read (P1), non-repeatable read (P2/A2), phantom (A3) and read skew (A5A), and Hermitage's
 * "observed transaction vanishes" (OTV) and predicate-many-preceders (PMP, named phantom or
 * non-repeatable read). Beside each is the phenomenon of Adya's "Weak Consistency" (1999) it is an
 * instance of, on rows: G0 (a cycle of write dependencies: dirty write), G1a (aborted read), G1b
 * (intermediate read), G1c (a cycle of read and write dependencies: circular information flow),
 * G-single (a cycle with one anti-dependency: lost update, non-repeatable read, phantom, read
 * skew, a vanished transaction, a read of a value that was then overwritten), G2-item (a cycle of
 * anti-dependencies on rows that existed: write skew) and G2 (one of them on a predicate: a row
 * inserted or deleted, as in check-then-insert). When several fit, the first the patterns find is
 * given (in the order of {@link #classify(List, boolean)}).
 *
 * <p>What a read saw is not in the history, only when it ran; so the classifier is told whether
 * reads could see uncommitted writes (READ UNCOMMITTED). Without that, a read after another
 * transaction's uncommitted write saw the value before it, which is what makes lost updates and
 * write skews; with it, the read saw that write, which is what makes the G1 phenomena.
 *
 * <p>Locations are compared by {@link io.racex.store.Footprint#overlaps}: with row-level
 * footprints (the JDBC store's, see docs/isolation.md) two threads that write different rows of one
 * table never make a lost update, while a predicate read (the whole table) overlaps every row.
 * Where a store could only tell tables, a write skew on two rows of one table looks like a lost
 * update; the explanation always points at the steps so a reader can tell.
 *
 * @param name short everyday name: {@code dirty write}, {@code lost update}, {@code write skew},
 *     {@code dirty read}, {@code non-repeatable read}, {@code phantom}, {@code read skew},
 *     {@code observed transaction vanishes} (and {@code deadlock}, named by the explorer)
 * @param adya Adya's phenomenon: {@code G0}, {@code G1a}, {@code G1b}, {@code G1c},
 *     {@code G-single}, {@code G2-item} or {@code G2}; empty where none applies (a deadlock)
 * @param explanation one sentence pointing at the steps (numbered from 1) and threads (T1, T2, …)
 * @param steps the steps the explanation names, 0-based as {@link Step#index()}, in the order the
 *     explanation tells them (for a lost update: the read, the overwritten write, the overwriting
 *     write), so a picture can mark and link them; empty when the anomaly names no step
 */
public record Anomaly(String name, String adya, String explanation, List<Integer> steps) {
    public static final String LOST_UPDATE = "lost update";
    public static final String WRITE_SKEW = "write skew";
    public static final String DIRTY_READ = "dirty read";
    public static final String NON_REPEATABLE_READ = "non-repeatable read";
    public static final String PHANTOM = "phantom";
    public static final String READ_SKEW = "read skew";
    public static final String DIRTY_WRITE = "dirty write";
    public static final String VANISHED = "observed transaction vanishes";

    public static final String G0 = "G0";
    public static final String G1A = "G1a";
    public static final String G1B = "G1b";
    public static final String G1C = "G1c";
    public static final String G_SINGLE = "G-single";
    public static final String G2_ITEM = "G2-item";
    public static final String G2 = "G2";

    public Anomaly {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(adya, "adya");
        java.util.Objects.requireNonNull(explanation, "explanation");
        steps = List.copyOf(steps);
    }

    /** An anomaly that points at no step in particular. */
    public Anomaly(String name, String adya, String explanation) {
        this(name, adya, explanation, List.of());
    }

    /** An anomaly with no phenomenon of Adya's that points at no step in particular (a deadlock's cycle). */
    public Anomaly(String name, String explanation) {
        this(name, "", explanation, List.of());
    }

    /** The name with Adya's phenomenon beside it: {@code write skew, G2-item}. */
    public String fullName() {
        return adya.isEmpty() ? name : name + ", " + adya;
    }

    /** Names the anomaly of a failing history whose reads saw only committed data, where one fits. */
    public static Optional<Anomaly> classify(List<Step> steps) {
        return classify(steps, false);
    }

    /**
     * Names the anomaly of a failing history, where one fits.
     *
     * @param dirtyReads whether a read returned what another transaction had written and not yet
     *     committed (READ UNCOMMITTED on a database that honours it: {@link io.racex.store.Store#dirtyReads()}).
     *     It decides what a read after an uncommitted write saw, so which patterns can fit: the
     *     dirty reads (G1a, G1b, G1c, a transaction that vanishes from view) only with it, the
     *     anti-dependency cycles of reads that missed an uncommitted write (lost update, write skew)
     *     only without it
     */
    public static Optional<Anomaly> classify(List<Step> steps, boolean dirtyReads) {
        History h = new History(steps, dirtyReads);
        List<Function<History, Optional<Anomaly>>> patterns = List.of(Anomaly::dirtyWrite, Anomaly::lostUpdate,
                Anomaly::abortedRead, Anomaly::circularFlow, Anomaly::writeSkew, Anomaly::insertSkew, Anomaly::changedReread,
                Anomaly::intermediateRead, Anomaly::readSkew, Anomaly::vanishedTransaction, Anomaly::predicateReread);
        for (Function<History, Optional<Anomaly>> p : patterns) {
            Optional<Anomaly> a = p.apply(h);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }

    /**
     * Thread A reads x, thread B then writes x, then A writes x without reading it again: B's write
     * is lost. B's write must not have been rolled back, and A's write must change what is there
     * (an INSERT overwrites nothing: that shape is {@link #insertSkew}).
     */
    static Optional<Anomaly> lostUpdate(History h) {
        for (int k = 0; k < h.size(); k++) {
            if (!h.writes(k) || h.aborted(k) || h.inserts(k)) {
                continue;
            }
            int a = h.thread(k);
            for (String x : h.step(k).footprint().writes()) {
                int readAt = -1;
                for (int i = k - 1; i >= 0; i--) {
                    if (h.thread(i) != a) {
                        continue;
                    }
                    if (h.kind(i) == StepKind.ROLLBACK || (h.writes(i) && Footprint.overlapsAny(h.step(i).footprint().writes(), x))) {
                        break;
                    }
                    if (h.reads(i) && Footprint.overlapsAny(h.step(i).footprint().reads(), x)) {
                        readAt = i;
                        break;
                    }
                }
                if (readAt < 0) {
                    continue;
                }
                for (int j = readAt + 1; j < k; j++) {
                    if (h.thread(j) != a && h.writes(j) && !h.aborted(j) && Footprint.overlapsAny(h.step(j).footprint().writes(), x)) {
                        return Optional.of(new Anomaly(LOST_UPDATE, G_SINGLE, t(h, k) + " read " + x + " (step " + (readAt + 1) + "), "
                                + t(h, j) + " then wrote it (step " + (j + 1) + "), and " + t(h, k) + "'s write (step " + (k + 1)
                                + ") overwrote that write without seeing it", List.of(readAt, j, k)));
                    }
                }
                // a write made before A's read but committed only after it: A read the old committed value
                // (where reads see uncommitted data, A read that write itself, and nothing was lost)
                for (int j = 0; j < (h.dirtyReads ? 0 : readAt); j++) {
                    if (h.thread(j) != a && h.writes(j) && !h.aborted(j) && Footprint.overlapsAny(h.step(j).footprint().writes(), x)
                            && !h.committedBefore(j, readAt) && h.end(j) < k) {
                        return Optional.of(new Anomaly(LOST_UPDATE, G_SINGLE, t(h, k) + " read " + x + " (step " + (readAt + 1)
                                + ") while " + t(h, j) + "'s write of it (step " + (j + 1) + ") was uncommitted, and " + t(h, k)
                                + "'s write (step " + (k + 1) + ") overwrote that write, committed in between (step "
                                + (h.end(j) + 1) + "), without seeing it", List.of(readAt, j, k, h.end(j))));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Thread B reads x while thread A's write of x is uncommitted, and A then rolls back (G1a). Only
     * where reads see uncommitted data: elsewhere B read the committed value.
     */
    static Optional<Anomaly> abortedRead(History h) {
        for (int i = 0; h.dirtyReads && i < h.size(); i++) {
            if (!h.writes(i) || !h.aborted(i)) {
                continue;
            }
            int end = h.end(i);
            for (int j = i + 1; j < end; j++) {
                String x = h.common(h.step(i).footprint().writes(), j, true);
                if (h.thread(j) != h.thread(i) && x != null) {
                    return Optional.of(new Anomaly(DIRTY_READ, G1A, t(h, j) + " read " + x + " (step " + (j + 1) + ") while "
                            + t(h, i) + "'s write of it (step " + (i + 1) + ") was uncommitted, and " + t(h, i)
                            + " then rolled back (step " + (end + 1) + "): " + t(h, j) + " saw data that never existed", List.of(j, i, end)));
                }
            }
        }
        return Optional.empty();
    }

    /** Thread B reads x between two writes of x by one transaction of thread A (G1b), where reads see uncommitted data. */
    static Optional<Anomaly> intermediateRead(History h) {
        for (int i = 0; h.dirtyReads && i < h.size(); i++) {
            if (!h.writes(i) || h.aborted(i) || h.end(i) < 0) {
                continue;
            }
            for (int i2 = i + 1; i2 < h.end(i); i2++) {
                if (h.thread(i2) != h.thread(i) || !h.writes(i2)) {
                    continue;
                }
                for (int j = i + 1; j < i2; j++) {
                    String x = h.common(h.step(i).footprint().writes(), j, true);
                    if (h.thread(j) != h.thread(i) && x != null && Footprint.overlapsAny(h.step(i2).footprint().writes(), x)) {
                        return Optional.of(new Anomaly(DIRTY_READ, G1B, t(h, j) + " read " + x + " (step " + (j + 1)
                                + ") between two writes of it by one transaction of " + t(h, i) + " (steps " + (i + 1) + " and "
                                + (i2 + 1) + "): it saw a value that was never committed", List.of(j, i, i2)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Thread A writes x and B overwrites it before A's transaction ends; B writes y and A then
     * overwrites that before B's ends: each transaction's writes are partly lost to the other's, a
     * cycle of write dependencies (dirty write, P0; Adya's G0). Databases prevent it at every level
     * by keeping written rows locked to the end of the transaction; racex names it where nothing did.
     */
    static Optional<Anomaly> dirtyWrite(History h) {
        for (int i = 0; i < h.size(); i++) {
            if (!h.writes(i) || h.aborted(i) || h.end(i) < 0) {
                continue;
            }
            int a = h.thread(i);
            for (int j = i + 1; j < h.end(i); j++) {
                String x = h.thread(j) == a || h.aborted(j) || h.end(j) < 0 ? null : h.common(h.step(i).footprint().writes(), j, false);
                if (x == null) {
                    continue;
                }
                for (int k = 0; k < h.end(j); k++) {
                    if (h.thread(k) != h.thread(j) || !h.writes(k) || h.end(k) != h.end(j)) {
                        continue;
                    }
                    for (int l = k + 1; l < h.end(k); l++) {
                        String y = h.thread(l) != a || h.end(l) != h.end(i) ? null : h.common(h.step(k).footprint().writes(), l, false);
                        if (y != null && !Footprint.overlaps(x, y)) {
                            return Optional.of(new Anomaly(DIRTY_WRITE, G0, t(h, j) + " overwrote " + x + " (step " + (j + 1)
                                    + ") while " + t(h, i) + "'s write of it (step " + (i + 1) + ") was uncommitted, and " + t(h, l)
                                    + " overwrote " + y + " (step " + (l + 1) + ") while " + t(h, k) + "'s write of it (step "
                                    + (k + 1) + ") was uncommitted: each transaction's writes are partly the other's",
                                    List.of(i, j, k, l)));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Where reads see uncommitted data: thread B reads x that A wrote, and A reads y that B wrote,
     * at least one of them before the writer committed: each transaction saw the other's effects, a
     * cycle of read dependencies (circular information flow, Adya's G1c).
     */
    static Optional<Anomaly> circularFlow(History h) {
        for (int i = 0; h.dirtyReads && i < h.size(); i++) {
            if (!h.writes(i) || h.aborted(i)) {
                continue;
            }
            int a = h.thread(i);
            for (int j = i + 1; j < h.size(); j++) {
                String x = h.thread(j) == a ? null : h.common(h.step(i).footprint().writes(), j, true);
                if (x == null || h.end(j) < 0 || h.aborted(j)) {
                    continue;
                }
                int b = h.thread(j);
                for (int k = 0; k < h.size(); k++) {
                    if (h.thread(k) != b || !h.writes(k) || h.end(k) != h.end(j)) {
                        continue;
                    }
                    for (int l = k + 1; l < h.size(); l++) {
                        String y = h.thread(l) != a || h.end(l) != h.end(i) ? null : h.common(h.step(k).footprint().writes(), l, true);
                        if (y != null && !Footprint.overlaps(x, y) && (!h.committedBefore(i, j) || !h.committedBefore(k, l))) {
                            return Optional.of(new Anomaly(DIRTY_READ, G1C, t(h, j) + " read " + x + " (step " + (j + 1)
                                    + ") that " + t(h, i) + " wrote (step " + (i + 1) + "), and " + t(h, l) + " read " + y + " (step "
                                    + (l + 1) + ") that " + t(h, k) + " wrote (step " + (k + 1) + "), "
                                    + (h.committedBefore(i, j) ? "the second" : "the first")
                                    + " before its writer committed: each transaction saw the other's effects (circular information flow)",
                                    List.of(i, j, k, l)));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Where reads see uncommitted data: thread A reads x, which B had written, then in the same
     * transaction reads y, which B writes only later in the same transaction: A saw one of B's
     * writes and then lost sight of B (observed transaction vanishes, Hermitage's OTV). The mirror of
     * read skew; a cycle with one anti-dependency (B's x is read by A, A's read of y precedes B's
     * write), so Adya's G-single.
     */
    static Optional<Anomaly> vanishedTransaction(History h) {
        for (int j = 0; h.dirtyReads && j < h.size(); j++) {
            if (!h.writes(j) || h.aborted(j)) {
                continue;
            }
            int b = h.thread(j);
            for (int i = j + 1; i < h.size(); i++) {
                String x = h.thread(i) == b || h.end(i) < 0 ? null : h.common(h.step(j).footprint().writes(), i, true);
                if (x == null) {
                    continue;
                }
                for (int k = i + 1; k < h.size(); k++) {
                    if (h.thread(k) != h.thread(i) || h.end(k) != h.end(i) || !h.reads(k)) {
                        continue;
                    }
                    for (int m = k + 1; m < h.size(); m++) {
                        String y = h.thread(m) != b || h.end(m) != h.end(j) ? null : h.common(h.step(m).footprint().writes(), k, true);
                        if (y != null && !Footprint.overlaps(x, y) && h.writes(m)) {
                            return Optional.of(new Anomaly(VANISHED, G_SINGLE, t(h, i) + " read " + x + " (step " + (i + 1)
                                    + ") as " + t(h, j) + " wrote it (step " + (j + 1) + "), then read " + y + " (step " + (k + 1)
                                    + ") before " + t(h, j) + " wrote that too (step " + (m + 1) + ") in the same transaction: "
                                    + t(h, j) + " vanished from " + t(h, i) + "'s view", List.of(j, i, k, m)));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Thread A reads x, B then changes x (inserts, deletes or updates rows of it) and commits, and
     * A reads x again in the same transaction with another statement (another predicate): A's
     * reads saw two states of x (predicate-many-preceders, Hermitage's PMP; a phantom when B
     * inserted or deleted rows, else a non-repeatable read). A cycle with one anti-dependency:
     * G-single. The same statement read twice is {@link #changedReread}, which compares values.
     */
    static Optional<Anomaly> predicateReread(History h) {
        for (int i = 0; i < h.size(); i++) {
            if (!h.reads(i) || h.end(i) < 0) {
                continue;
            }
            for (int k = i + 1; k < h.end(i); k++) {
                if (h.thread(k) != h.thread(i) || !h.reads(k) || Objects.equals(h.step(i).target(), h.step(k).target())) {
                    continue;
                }
                for (int j = i + 1; j < k; j++) {
                    String x = h.thread(j) == h.thread(i) || !h.writes(j) || h.aborted(j) || !h.committedBefore(j, k) ? null
                            : h.common(h.step(j).footprint().writes(), i, true);
                    if (x == null || !Footprint.overlapsAny(h.step(k).footprint().reads(), x)) {
                        continue;
                    }
                    boolean phantom = h.insertsOrDeletes(j);
                    return Optional.of(new Anomaly(phantom ? PHANTOM : NON_REPEATABLE_READ, G_SINGLE, t(h, i) + " read " + x
                            + " (step " + (i + 1) + ") and, in the same transaction, read it again with another statement (step "
                            + (k + 1) + ") after " + t(h, j) + " committed " + (phantom ? "rows it inserted or deleted" : "a write of it")
                            + " (step " + (j + 1) + "): its reads saw two states (predicate-many-preceders)", List.of(i, j, k)));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Thread A reads x and B reads y; then A writes y and B writes x, neither writing what it read:
     * each decided on a state the other was changing (A5B).
     */
    static Optional<Anomaly> writeSkew(History h) {
        for (int i = 0; i < h.size(); i++) {
            if (!h.reads(i)) {
                continue;
            }
            int a = h.thread(i);
            for (int j = 0; j < h.size(); j++) {
                int b = h.thread(j);
                if (!h.unseen(j, i)) {
                    continue;
                }
                String x = b == a || !h.writes(j) || h.aborted(j) ? null : h.common(h.step(j).footprint().writes(), i, true);
                if (x == null || h.everWrites(a, x)) {
                    continue;
                }
                for (int k = 0; k < h.size(); k++) {
                    if (h.thread(k) != b || !h.reads(k)) {
                        continue;
                    }
                    for (int l = 0; l < h.size(); l++) {
                        if (h.thread(l) != a || !h.writes(l) || h.aborted(l) || !h.unseen(l, k)) {
                            continue;
                        }
                        String y = h.common(h.step(l).footprint().writes(), k, true);
                        if (y != null && !Footprint.overlaps(y, x) && !h.everWrites(b, y)) {
                            return Optional.of(new Anomaly(WRITE_SKEW, h.insertsOrDeletes(j) || h.insertsOrDeletes(l) ? G2 : G2_ITEM, t(h, i) + " read " + x + " (step " + (i + 1) + ") and "
                                    + t(h, k) + " read " + y + " (step " + (k + 1) + "); then " + t(h, l) + " wrote " + y + " (step "
                                    + (l + 1) + ") and " + t(h, j) + " wrote " + x + " (step " + (j + 1)
                                    + "), each deciding on what the other was changing", List.of(i, k, l, j)));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Threads A and B each read x, then each insert into x, each read coming before the other's
     * insert: the check-then-insert race (a duplicate despite the check). Each insert is a phantom
     * for the other's read; together they are a write skew on the predicate both checked.
     */
    static Optional<Anomaly> insertSkew(History h) {
        for (int l = 0; l < h.size(); l++) {
            if (!h.writes(l) || h.aborted(l) || !h.inserts(l)) {
                continue;
            }
            int a = h.thread(l);
            for (int j = l + 1; j < h.size(); j++) {
                if (h.thread(j) == a || !h.writes(j) || h.aborted(j) || !h.inserts(j)) {
                    continue;
                }
                int b = h.thread(j);
                for (String x : h.step(l).footprint().writes()) {
                    if (!Footprint.overlapsAny(h.step(j).footprint().writes(), x)) {
                        continue;
                    }
                    int readA = h.lastRead(a, x, l);
                    int readB = h.lastRead(b, x, j);
                    if (readA >= 0 && readB >= 0 && h.unseen(l, readB) && h.unseen(j, readA)) {
                        return Optional.of(new Anomaly(WRITE_SKEW, G2, t(h, l) + " and " + t(h, j) + " each read " + x + " (steps "
                                + (readA + 1) + " and " + (readB + 1) + ") and then inserted into it (steps " + (l + 1) + " and "
                                + (j + 1) + "): each insert changed what the other's read would have found (a phantom), "
                                + "and both went ahead", List.of(readA, readB, l, j)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Thread A runs the same read twice and gets different answers because B wrote in between. If
     * B's write was still uncommitted at A's second read, A saw uncommitted data: a dirty read (P1).
     * If it was committed and both reads are in one transaction of A: a phantom when B inserted or
     * deleted rows (A3), else a non-repeatable read (P2). Two auto-commit reads may differ.
     */
    static Optional<Anomaly> changedReread(History h) {
        for (int i = 0; i < h.size(); i++) {
            if (!h.reads(i)) {
                continue;
            }
            for (int i2 = i + 1; i2 < h.size(); i2++) {
                if (h.thread(i2) != h.thread(i) || !h.reads(i2) || !Objects.equals(h.step(i).target(), h.step(i2).target())
                        || Objects.deepEquals(h.step(i).value(), h.step(i2).value())) {
                    continue;
                }
                boolean oneTransaction = h.end(i) >= 0 && h.end(i) == h.end(i2);
                for (int j = i + 1; j < i2; j++) {
                    String x = h.thread(j) == h.thread(i) || !h.writes(j) || h.aborted(j) ? null
                            : h.common(h.step(j).footprint().writes(), i, true);
                    if (x == null) {
                        continue;
                    }
                    String got = " (steps " + (i + 1) + " and " + (i2 + 1) + ") and got " + show(h.step(i).value()) + " then "
                            + show(h.step(i2).value());
                    if (!h.committedBefore(j, i2)) {
                        return Optional.of(new Anomaly(DIRTY_READ, G_SINGLE, t(h, i) + " read " + x + " twice" + got + ", while " + t(h, j)
                                + "'s write of it (step " + (j + 1) + ") was still uncommitted", List.of(i, i2, j)));
                    }
                    if (oneTransaction) {
                        boolean phantom = h.insertsOrDeletes(j);
                        return Optional.of(new Anomaly(phantom ? PHANTOM : NON_REPEATABLE_READ, G_SINGLE, t(h, i) + " read " + x
                                + " twice in one transaction" + got + ", because " + t(h, j) + " committed "
                                + (phantom ? "rows it inserted or deleted" : "a write of it") + " in between (step " + (j + 1) + ")",
                                List.of(i, i2, j)));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Thread A reads x; B then writes x and y in one transaction and commits; then A, in the same
     * transaction as its first read, reads y: A saw B's y but not B's x (read skew, A5A; a cycle with
     * one anti-dependency, Adya's G-single).
     */
    static Optional<Anomaly> readSkew(History h) {
        for (int i = 0; i < h.size(); i++) {
            if (!h.reads(i) || h.end(i) < 0) {
                continue;
            }
            int a = h.thread(i);
            for (int j = i + 1; j < h.size(); j++) {
                String x = h.thread(j) == a || !h.writes(j) || h.aborted(j) ? null : h.common(h.step(j).footprint().writes(), i, true);
                if (x == null) {
                    continue;
                }
                for (int m = 0; m < h.size(); m++) {
                    if (h.thread(m) != h.thread(j) || !h.writes(m) || h.aborted(m) || h.end(m) != h.end(j)) {
                        continue;
                    }
                    for (int k = Math.max(j, m) + 1; k < h.size(); k++) {
                        if (h.thread(k) != a || h.end(k) != h.end(i) || !h.committedBefore(m, k) || !h.committedBefore(j, k)) {
                            continue;
                        }
                        String y = h.common(h.step(m).footprint().writes(), k, true);
                        if (y != null && !Footprint.overlaps(x, y)) {
                            return Optional.of(new Anomaly(READ_SKEW, G_SINGLE, t(h, i) + " read " + x + " (step " + (i + 1) + "), "
                                    + t(h, j) + " then wrote it (step " + (j + 1) + ") and " + y + " (step " + (m + 1)
                                    + ") and committed, and " + t(h, i) + " read " + y + " in the same transaction (step " + (k + 1)
                                    + "): it saw one of " + t(h, j) + "'s writes but not the other", List.of(i, j, m, k)));
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String show(Object v) {
        String s = v instanceof String str ? "'" + str + "'" : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** The label of step i's thread: T1, T2, … (1-based, as reports show threads). */
    private static String t(History h, int i) {
        return "T" + (h.thread(i) + 1);
    }

    /** Precomputed facts about a history's steps. */
    static final class History {
        private static final Set<StepKind> SQL = Set.of(StepKind.QUERY, StepKind.UPDATE, StepKind.EXECUTE);
        private final List<Step> steps;
        private final int[] end;
        /** Whether a read returned what another transaction wrote and had not committed. */
        final boolean dirtyReads;

        History(List<Step> steps, boolean dirtyReads) {
            this.steps = steps;
            this.dirtyReads = dirtyReads;
            this.end = new int[steps.size()];
            for (int i = 0; i < steps.size(); i++) {
                end[i] = -1;
                for (int j = i + 1; j < steps.size(); j++) {
                    Step s = steps.get(j);
                    if (s.thread() == steps.get(i).thread() && (s.kind() == StepKind.COMMIT || s.kind() == StepKind.ROLLBACK)) {
                        end[i] = j;
                        break;
                    }
                }
            }
        }

        int size() {
            return steps.size();
        }

        Step step(int i) {
            return steps.get(i);
        }

        int thread(int i) {
            return steps.get(i).thread();
        }

        StepKind kind(int i) {
            return steps.get(i).kind();
        }

        /** Index of the COMMIT or ROLLBACK that ends step i's transaction, or -1 (auto-commit). */
        int end(int i) {
            return end[i];
        }

        /**
         * Whether step i failed: its value is an error or a refusal, or (for SQL and COMMIT steps,
         * whose value the JDBC store renders as text) reads {@code error <SQLSTATE>: …}.
         */
        boolean failed(int i) {
            Object v = steps.get(i).value();
            if (v instanceof Throwable || (v instanceof OpResult r && r.isException()) || v instanceof io.racex.store.Refusal) {
                return true;
            }
            return (SQL.contains(kind(i)) || kind(i) == StepKind.COMMIT) && v != null && String.valueOf(v).startsWith("error ");
        }

        /**
         * Whether the read at step {@code read} could not see the write at step {@code write}: the
         * write came later, or was not yet committed (reads of other transactions see only committed
         * data), or, where reads see uncommitted data, was rolled back before the read.
         */
        boolean unseen(int write, int read) {
            if (dirtyReads) {
                return write > read || (aborted(write) && end[write] < read);
            }
            return write > read || !committedBefore(write, read);
        }

        /** Index of thread t's last effective read of x before step {@code before}, in the same attempt; -1 if none. */
        int lastRead(int t, String x, int before) {
            for (int i = before - 1; i >= 0; i--) {
                if (thread(i) != t) {
                    continue;
                }
                if (kind(i) == StepKind.ROLLBACK) {
                    return -1;
                }
                if (reads(i) && Footprint.overlapsAny(steps.get(i).footprint().reads(), x)) {
                    return i;
                }
            }
            return -1;
        }

        /** Whether step i inserts rows (INSERT) rather than changing existing ones. */
        boolean inserts(int i) {
            String target = steps.get(i).target() == null ? "" : steps.get(i).target().strip().toUpperCase(Locale.ROOT);
            return target.startsWith("INSERT");
        }

        boolean reads(int i) {
            return kind(i).data() && !failed(i) && !steps.get(i).footprint().reads().isEmpty();
        }

        /** Whether step i wrote shared data (a compare-and-set that found another value wrote nothing). */
        boolean writes(int i) {
            return kind(i).data() && !failed(i) && !steps.get(i).footprint().writes().isEmpty()
                    && !(steps.get(i).value() instanceof CompareAndSet cas && !cas.succeeded());
        }

        /**
         * Whether step i's transaction ended in a rollback, undoing it: a ROLLBACK step, or a COMMIT
         * the database refused (a serialization failure at commit), which rolls back as well.
         */
        boolean aborted(int i) {
            return end[i] >= 0 && (kind(end[i]) == StepKind.ROLLBACK || failedCommit(end[i]));
        }

        private boolean failedCommit(int i) {
            return kind(i) == StepKind.COMMIT && failed(i);
        }

        /** Whether write i was committed before step {@code at}: at once in auto-commit, else by a COMMIT before it. */
        boolean committedBefore(int i, int at) {
            return end[i] < 0 || (kind(end[i]) == StepKind.COMMIT && !failedCommit(end[i]) && end[i] < at);
        }

        /** A location of {@code locations} that step j reads (or, with reads false, writes), or null. */
        String common(Set<String> locations, int j, boolean reads) {
            if (reads ? !reads(j) : !writes(j)) {
                return null;
            }
            Set<String> other = reads ? steps.get(j).footprint().reads() : steps.get(j).footprint().writes();
            return locations.stream().filter(l -> Footprint.overlapsAny(other, l)).sorted().findFirst().orElse(null);
        }

        /** Whether thread t writes x in any step that took effect. */
        boolean everWrites(int t, String x) {
            for (int i = 0; i < steps.size(); i++) {
                if (thread(i) == t && writes(i) && !aborted(i) && Footprint.overlapsAny(steps.get(i).footprint().writes(), x)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether step i adds or removes rows (INSERT, DELETE, MERGE, REPLACE) rather than changing them. */
        boolean insertsOrDeletes(int i) {
            String target = steps.get(i).target() == null ? "" : steps.get(i).target().strip().toUpperCase(Locale.ROOT);
            return target.startsWith("INSERT") || target.startsWith("DELETE") || target.startsWith("MERGE")
                    || target.startsWith("REPLACE");
        }
    }
}
