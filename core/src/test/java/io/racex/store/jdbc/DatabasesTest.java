package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The shared test helper: a database that does not answer skips a test, except under CI, where it fails it. */
class DatabasesTest {
    private static final String NOBODY = "jdbc:postgresql://127.0.0.1:1/nope";

    @Test
    void aDatabaseThatDoesNotAnswerSkipsWithAMessageOutsideCi() {
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> Databases.require(NOBODY, false));
        assertTrue(e.getMessage().contains("postgresql does not answer at 127.0.0.1:1: skipped"), e.getMessage());
    }

    @Test
    void aDatabaseThatDoesNotAnswerFailsUnderCi() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> Databases.require(NOBODY, true));
        assertTrue(e.getMessage().contains("CI=true: the database tests must run in CI, not be skipped"), e.getMessage());
    }

    @Test
    void h2NeedsNoServer() {
        assertSame(true, Databases.require("h2", true).isPrivateMemory());
        assertEquals("h2", Databases.require("h2", true).kind());
    }
}
