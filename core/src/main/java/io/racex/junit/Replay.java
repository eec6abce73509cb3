package io.racex.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes every {@code Racex.explore(…)} inside the annotated test run exactly one schedule: the
 * one in the replay token. Paste the token from a failure report onto the failing test to debug
 * that very interleaving, with the same assertions:
 *
 * <pre>{@code
 * @Test
 * @Replay("v1:1.1.2.2.2.2.1.1")
 * void transfersAreLinearizable() {
 *     Racex.explore(transfer).assertLinearizable();   // runs only v1:1.1.2.2.2.2.1.1
 * }
 * }</pre>
 *
 * A malformed token fails the test before it runs, with the parse error as its message.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(RacexExtension.class)
public @interface Replay {
    /** The replay token, e.g. {@code v1:1.1.2.2.2.2.1.1}. */
    String value();
}
