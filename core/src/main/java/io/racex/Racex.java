package io.racex;

/**
 * Entry point of the API.
 *
 * <pre>{@code
 * Racex.explore(scenario).assertLinearizable();
 * Racex.replay(scenario, "v1:1.1.2.2.2.2.1.1");
 * Racex.linearizability(() -> new BankAccount(100)).operation(...).assertLinearizable();
 * }</pre>
 */
public final class Racex {
    private Racex() {}

    /** Starts configuring an exploration of {@code scenario}; by default exhaustive. */
    public static <H> Exploration<H> explore(Scenario<H> scenario) {
        return new Exploration<>(scenario);
    }

    /**
     * Starts a linearizability check of a real Java class (Lincheck's model): threads call the
     * operations added on the object {@code factory} makes, racex explores every interleaving of
     * each scenario, and every outcome must be that of the same calls run one after another.
     *
     * <pre>{@code
     * Racex.linearizability(() -> new BankAccount(100))
     *      .operation("withdraw", BankAccount::withdraw, Gen.ints(1, 150))
     *      .operation("balance",  BankAccount::balance)
     *      .assertLinearizable();
     * }</pre>
     *
     * @see Linearizability
     */
    public static <T> Linearizability<T> linearizability(Linearizability.Factory<T> factory) {
        return Linearizability.of(factory);
    }

    /**
     * Runs exactly the schedule of a replay token (the grammar is in {@link Schedule}). The result
     * is not a search: it reports "replayed 1 schedule", is never complete, and shows the
     * execution whether it passes or fails.
     *
     * @throws RacexException if the token is malformed, names more steps than the step bound, or
     *     does not fit the scenario (shorter or longer than the execution it drives)
     */
    public static <H> ExplorationResult replay(Scenario<H> scenario, String token) {
        return replay(scenario, token, Options.defaults());
    }

    /** As {@link #replay(Scenario, String)}, with the step bound and timeout of {@code options}. */
    public static <H> ExplorationResult replay(Scenario<H> scenario, String token, Options options) {
        Schedule schedule = Schedule.parse(token, options.maxSteps());
        return Engine.get().replay(scenario, schedule, options);
    }

    /** This racex's version, from the jar manifest when packaged. */
    public static String version() {
        String v = Racex.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
