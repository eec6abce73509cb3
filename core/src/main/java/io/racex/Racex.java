package io.racex;

import io.racex.explore.ExplorationResult;
import io.racex.explore.Explorer;
import io.racex.explore.Options;
import io.racex.schedule.Schedule;
import io.racex.strategy.Replay;

/**
 * Entry point of the API.
 *
 * <pre>{@code
 * Racex.explore(scenario).assertLinearizable();
 * Racex.replay(scenario, "v1:1.1.2.2.2.2.1.1");
 * }</pre>
 */
public final class Racex {
    private Racex() {}

    /** Starts configuring an exploration of {@code scenario}; by default exhaustive. */
    public static <H> Exploration<H> explore(Scenario<H> scenario) {
        return new Exploration<>(scenario);
    }

    /**
     * Starts a linearizability check of a real Java class: threads call operations on the object
     * {@code factory} makes, and every outcome must be that of the same operations run one after
     * another (see {@link Linearizability}).
     *
     * <pre>{@code
     * Racex.linearizability(() -> new BankAccount(100))
     *      .operation("deposit", BankAccount::deposit, Gen.ints(1, 100))
     *      .operation("balance", BankAccount::balance)
     *      .assertLinearizable();
     * }</pre>
     */
    public static <T> Linearizability<T> linearizability(Linearizability.Factory<T> factory) {
        return new Linearizability<>(factory);
    }

    /**
     * Runs exactly the schedule of a replay token.
     *
     * @throws RacexException if the token is malformed or does not fit the scenario
     */
    public static <H> ExplorationResult replay(Scenario<H> scenario, String token) {
        return replay(scenario, token, Options.defaults());
    }

    public static <H> ExplorationResult replay(Scenario<H> scenario, String token, Options options) {
        Schedule schedule = Schedule.parse(token);
        return new Explorer(options.withMinimize(false)).explore(scenario, new Replay(schedule));
    }

    /** This racex's version, from the jar manifest when packaged. */
    public static String version() {
        String v = Racex.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
