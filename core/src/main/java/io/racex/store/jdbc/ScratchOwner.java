package io.racex.store.jdbc;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who made a scratch space: the host, process id and process start time of the racex run, written
 * as the scratch schema's or database's comment when racex creates it. The mark is what lets
 * {@code racex clean} tell racex's own scratch spaces from anything else named {@code racex_…}: a
 * space without it is never touched. Whether its run is still alive is proven by the lease (an
 * advisory lock the run's monitor connection holds, see {@link Dialect#tryLease}), or, where the
 * database has none, by the process being gone from this host.
 *
 * @param host the host name of the run
 * @param pid its process id
 * @param started when its process started (epoch milliseconds; 0 when unknown)
 */
record ScratchOwner(String host, long pid, long started) {
    private static final String PREFIX = "racex scratch space";
    private static final Pattern MARK = Pattern.compile("^" + PREFIX + "; host=([^;]*); pid=(\\d+); started=(\\d+)$");
    /** This process. */
    static final ScratchOwner SELF = self();

    private static ScratchOwner self() {
        ProcessHandle p = ProcessHandle.current();
        long started = p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new ScratchOwner(hostName(), p.pid(), started);
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                h = "unknown";
            }
        }
        return h.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** The comment racex writes on its scratch space. */
    String mark() {
        return PREFIX + "; host=" + host + "; pid=" + pid + "; started=" + started;
    }

    /** The owner a comment names, if it is racex's mark. */
    static Optional<ScratchOwner> parse(String comment) {
        if (comment == null) {
            return Optional.empty();
        }
        Matcher m = MARK.matcher(comment.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ScratchOwner(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether the run is provably gone, from this host's process table: it ran here, and no
     * process with its id and start time exists. A run on another host is never provably gone.
     */
    boolean goneFromThisHost() {
        if (!host.equals(SELF.host)) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        long s = p.get().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
        // the pid was reused by a later process
        return started > 0 && s > 0 && Math.abs(s - started) > 2_000;
    }

    /** For listings: {@code pid 1234 on host h, started 2026-…}. */
    String describe() {
        return "pid " + pid + " on " + host + (started > 0 ? ", started " + Instant.ofEpochMilli(started) : "");
    }
}
