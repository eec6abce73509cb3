package io.racex.cli;

import io.racex.engine.Explorer;
import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * One updating line on standard error while a long search runs: executions done, rate, elapsed
 * time, time left where the total is known, violations so far. Redrawn in place with a carriage
 * return at most five times a second, first after half a second (short runs show nothing), and
 * erased when the search ends, so the report that follows starts on a clean line. Shown only when
 * the output is a terminal and {@code --quiet} is not given.
 */
final class ProgressLine implements Explorer.Progress, AutoCloseable {
    static final long FIRST_NANOS = 500_000_000L;
    static final long REFRESH_NANOS = 200_000_000L;

    /** The {@code --quiet} flag. */
    static final class Options {
        @Option(names = {"-q", "--quiet"}, description = "No progress line on the terminal while the search runs.")
        boolean quiet;

        /**
         * A progress line on {@code err} for a search of {@code total} executions ({@code -1} when
         * unknown), or one that draws nothing when quiet or not on a terminal.
         */
        ProgressLine start(PrintWriter err, long total) {
            return new ProgressLine(err, total, !quiet && onTerminal());
        }
    }

    private final PrintWriter err;
    private final long total;
    private final boolean draw;
    private final long start = System.nanoTime();
    private long next = start + FIRST_NANOS;
    private int width;
    /** What the line is about when one command runs several searches (a matrix cell); empty for one search. */
    private String label = "";
    private long searchStart = start;

    ProgressLine(PrintWriter err, long total, boolean draw) {
        this.err = err;
        this.total = total;
        this.draw = draw;
    }

    @Override
    public synchronized void update(long executions, long violations) {
        if (!draw) {
            return;
        }
        long now = System.nanoTime();
        if (now < next) {
            return;
        }
        next = now + REFRESH_NANOS;
        String line = label.isEmpty() ? format(executions, violations, now - start, total)
                : format(label, executions, violations, now - searchStart, now - start);
        // pad over the tail of a longer previous line
        StringBuilder sb = new StringBuilder(line.length() + 8).append('\r').append(line);
        for (int i = line.length(); i < width; i++) {
            sb.append(' ');
        }
        width = line.length();
        err.print(sb);
        err.flush();
    }

    /**
     * A new search starts under this line, about {@code label} (e.g. {@code cell 3 of 12:
     * postgresql at READ COMMITTED}); it shows at the next update, once the first half second of
     * the whole command has passed.
     */
    synchronized void search(String label) {
        this.label = label;
        this.searchStart = System.nanoTime();
        this.next = Math.min(next, Math.max(start + FIRST_NANOS, searchStart));
        update(0, 0);
    }

    /**
     * The line of one of several searches: {@code racex: cell 3 of 12: postgresql at READ
     * COMMITTED: 1,200 executions, 2,400/s, 0:41 elapsed, 0 violations}, the rate that of this
     * search, the elapsed time that of the whole command.
     */
    static String format(String label, long executions, long violations, long searchNanos, long elapsedNanos) {
        double seconds = searchNanos / 1e9;
        long rate = seconds > 0 ? Math.round(executions / seconds) : 0;
        return String.format(Locale.ROOT, "racex: %s: %,d executions, %,d/s, %s elapsed, %,d violation%s", label, executions, rate,
                clock(elapsedNanos / 1_000_000_000L), violations, violations == 1 ? "" : "s");
    }

    /** Erases the line, if one was drawn. */
    @Override
    public synchronized void close() {
        if (width > 0) {
            err.print('\r' + " ".repeat(width) + '\r');
            err.flush();
            width = 0;
        }
    }

    /**
     * The line's text: {@code racex: 1,200 of 5,000 executions (24%), 2,400/s, 0:00 elapsed, about
     * 0:02 left, 0 violations}; without a known total ({@code total < 0}), count, rate, elapsed and
     * violations only.
     */
    static String format(long executions, long violations, long elapsedNanos, long total) {
        double seconds = elapsedNanos / 1e9;
        long rate = seconds > 0 ? Math.round(executions / seconds) : 0;
        StringBuilder sb = new StringBuilder("racex: ");
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, "%,d of %,d executions (%d%%)", executions, total, executions * 100 / total));
        } else {
            sb.append(String.format(Locale.ROOT, "%,d executions", executions));
        }
        sb.append(String.format(Locale.ROOT, ", %,d/s, %s elapsed", rate, clock(elapsedNanos / 1_000_000_000L)));
        if (total > 0 && rate > 0 && executions < total) {
            sb.append(", about ").append(clock((total - executions + rate - 1) / rate)).append(" left");
        }
        sb.append(String.format(Locale.ROOT, ", %,d violation%s", violations, violations == 1 ? "" : "s"));
        return sb.toString();
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /**
     * Whether standard output and standard error are a terminal. {@link System#console()} is null
     * when standard input or output is redirected (Java 17–21); from Java 22 it exists anyway and
     * {@code Console.isTerminal()} says. Where Linux shows it, standard error must be a terminal too.
     */
    static boolean onTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            if (!(Boolean) isTerminal.invoke(c)) {
                return false;
            }
        } catch (ReflectiveOperationException e) {
            // before Java 22 a non-null console already means a terminal
        }
        try {
            Path fd2 = Path.of("/proc/self/fd/2");
            if (Files.isSymbolicLink(fd2)) {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (Exception e) {
            // no /proc: trust the console
        }
        return true;
    }
}
