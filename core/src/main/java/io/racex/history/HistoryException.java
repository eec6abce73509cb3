package io.racex.history;

import io.racex.RacexException;

/**
 * A history racex cannot read or check as given: a malformed or truncated line, a return with no
 * call, an operation the model does not know, an unknown model. The message is one line that
 * starts with {@code FILE:LINE:} when a line is to blame; the CLI prints it and exits 2.
 */
public final class HistoryException extends RacexException {
    private final String source;
    private final int line;

    /** A problem with line {@code line} (1-based) of {@code source}; 0 when no single line is to blame. */
    public HistoryException(String source, int line, String message) {
        super(line > 0 ? source + ":" + line + ": " + message : source + ": " + message);
        this.source = source;
        this.line = line;
    }

    /** A problem not tied to a file (an unknown model, a bad initial state). */
    public HistoryException(String message) {
        super(message);
        this.source = "";
        this.line = 0;
    }

    /** The file (or other name) of the history; empty when none. */
    public String source() {
        return source;
    }

    /** The 1-based line to blame, or 0. */
    public int line() {
        return line;
    }
}
