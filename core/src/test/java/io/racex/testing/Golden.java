package io.racex.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file assertions for rendered reports, shared by every module's tests. Reports are
 * normalized so they do not depend on timing or version. A golden file is never written by a
 * plain test run: a missing one fails the test with instructions. Run with
 * {@code -Dracex.golden.update=true} to write them deliberately, then review the diff.
 */
public final class Golden {
    /** Set to {@code true} to (re)write the golden files instead of comparing with them. */
    public static final String UPDATE = "racex.golden.update";
    /** Where the golden files are, relative to the module under test. */
    public static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {}

    /** A report without what changes from run to run: elapsed time and version. */
    public static String normalize(String s) {
        return s.replaceAll("(?m)^  time\\s+\\d+ ms\\s+", "  time  N ms  ")
                .replaceAll("\"elapsedMillis\" : \\d+", "\"elapsedMillis\" : 0")
                .replaceAll("\"racex\" : \"[^\"]*\"", "\"racex\" : \"VERSION\"");
    }

    /** Asserts that {@code actual}, normalized, is the content of golden file {@code name}. */
    public static void assertGolden(String name, String actual) {
        Path file = DIR.resolve(name);
        String normalized = normalize(actual);
        try {
            if (Boolean.getBoolean(UPDATE)) {
                Files.createDirectories(DIR);
                Files.writeString(file, normalized, StandardCharsets.UTF_8);
            } else if (!Files.exists(file)) {
                fail("golden file " + file + " is missing: run the test with -D" + UPDATE + "=true to write it, then review"
                        + " it and commit it");
            }
            assertEquals(Files.readString(file, StandardCharsets.UTF_8), normalized, "golden file " + file
                    + " (if the change is intended: rerun with -D" + UPDATE + "=true and review the diff)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
