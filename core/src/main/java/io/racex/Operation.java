package io.racex;

/**
 * One call a thread makes: a name for reports and ordinary sequential code against the thread's
 * store handle. What the body returns (or throws) is the operation's result.
 *
 * @param <H> the handle type the store gives each thread
 */
public record Operation<H>(String name, Body<H> body) {
    /** The code of an operation. */
    @FunctionalInterface
    public interface Body<H> {
        Object run(H handle) throws Exception;
    }

    /** The code of an operation with no result. */
    @FunctionalInterface
    public interface VoidBody<H> {
        void run(H handle) throws Exception;
    }

    /** An operation whose result is what {@code body} returns. */
    public static <H> Operation<H> of(String name, Body<H> body) {
        return new Operation<>(name, body);
    }

    /** An operation with no result (its outcome is only its effect on the state). */
    public static <H> Operation<H> action(String name, VoidBody<H> body) {
        return new Operation<>(name, h -> {
            body.run(h);
            return null;
        });
    }
}
