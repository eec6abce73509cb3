package io.racex.store;

import java.util.concurrent.Callable;

/**
 * The single door through which a store's handle touches shared state. Under exploration the
 * calling thread stops here until the strategy picks it; in a serial (spec) run the action just
 * runs. The gate records the step with its value: the written value for writes, else what the
 * action returned.
 */
public interface StepGate {
    /**
     * Runs {@code action} as one step.
     *
     * @throws Exception whatever the action throws, after it is recorded as the step's value
     */
    <T> T step(StepRequest request, Callable<T> action) throws Exception;

    /**
     * Replaces the recorded value of the step this thread ran last (for stores whose step runs after
     * the gate returns, such as an instrumented field read, which reports what it read afterwards).
     */
    default void amend(Object value) {}

    /** Whether this gate belongs to a serial run of the spec rather than an explored execution. */
    default boolean serial() {
        return false;
    }

    /** A gate that runs every action at once: used for setup and for the serial runs of the spec. */
    StepGate DIRECT = new StepGate() {
        @Override
        public <T> T step(StepRequest request, Callable<T> action) throws Exception {
            return action.call();
        }

        @Override
        public boolean serial() {
            return true;
        }
    };
}
