package io.racex.report;

import java.util.function.UnaryOperator;

/**
 * How a report tells its reader to replay a schedule. Only the caller of a report knows how its
 * scenario can be found again: the CLI gives its command line with every option that changes
 * the outcome; a scenario defined in Java is replayed by annotating its test.
 */
public final class ReplayHint {
    private final String heading;
    private final UnaryOperator<String> line;

    private ReplayHint(String heading, UnaryOperator<String> line) {
        this.heading = heading;
        this.line = line;
    }

    /**
     * For a scenario defined in Java: {@code @Replay("v1:…")} on the test, which makes every
     * exploration in it run that schedule (or {@code Racex.replay(scenario, "v1:…")}).
     */
    public static ReplayHint annotation() {
        return new ReplayHint("Replay it: annotate the test with io.racex.junit.Replay (or call Racex.replay(scenario, token))",
                token -> "@Replay(\"" + token + "\")");
    }

    /**
     * For a command line: {@code command --schedule TOKEN}, where {@code command} carries every
     * option that changes the outcome (e.g. {@code racex replay lastzero-10 --max-steps 20}).
     */
    public static ReplayHint command(String command) {
        return new ReplayHint("Replay it:", token -> command + " --schedule " + token);
    }

    /** The sentence before the line. */
    public String heading() {
        return heading;
    }

    /** What replays {@code token}: a command or an annotation. */
    public String line(String token) {
        return line.apply(token);
    }
}
