package io.racex;

/**
 * A problem with what the user gave racex: an unknown scenario, a malformed replay token, bad SQL,
 * an unreachable database, a malformed file. The CLI prints {@link #getMessage()} as one line and
 * exits 2; the API throws it as is.
 */
public class RacexException extends RuntimeException {
    public RacexException(String message) {
        super(message);
    }

    public RacexException(String message, Throwable cause) {
        super(message, cause);
    }
}
