package io.racex.engine;

import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Execution;
import io.racex.Schedule;
import io.racex.strategy.Replay;
import io.racex.Strategy;
import java.util.Comparator;

/**
 * Drives a search on one thread: asks the strategy for executions, runs each on the runtime,
 * judges each with the checker, keeps the best failing one, and minimizes it (see
 * {@link Search}, the loop it shares with the parallel drivers). Record, then judge: none of
 * these parts reaches into another.
 */
public final class Explorer {
    /** Orders failing executions: fewest preemptions, then fewest steps, then lexicographic schedule. */
    public static final Comparator<Execution> MINIMAL = Comparator.comparingInt(Execution::preemptions)
            .thenComparingInt(e -> e.schedule().length())
            .thenComparing(Execution::schedule, (a, b) -> a.compareTo(b));

    /** Progress after each execution: executions run so far, violations so far. */
    public interface Progress {
        void update(long executions, long violations);
    }

    private final Options options;
    private Progress progress = (a, b) -> {};

    public Explorer(Options options) {
        this.options = options;
    }

    public Explorer progress(Progress progress) {
        this.progress = progress;
        return this;
    }

    /**
     * Explores {@code scenario} with {@code strategy}.
     *
     * @throws RacexException if the scenario is not deterministic, a schedule does not fit it, or
     *     the search could not run (the message says which)
     */
    public <H> ExplorationResult explore(Scenario<H> scenario, Strategy strategy) {
        long start = System.nanoTime();
        return Search.guarded(scenario, () -> {
            try (Search<H> search = new Search<>(scenario, options)) {
                Tally tally = new Tally(options.maxSchedules(), progress);
                Search.Found found = search.loop(strategy, tally);
                return search.result(strategy, tally, found.best(), found.last(), start);
            }
        });
    }

    /**
     * Runs exactly {@code schedule}: the result reports "replayed 1 schedule", is never complete,
     * and shows the execution whether it passes or fails.
     *
     * @throws RacexException if the schedule is longer than the step bound or does not fit the scenario
     */
    public <H> ExplorationResult replay(Scenario<H> scenario, Schedule schedule) {
        if (schedule.length() > options.maxSteps()) {
            throw new RacexException("schedule " + Schedule.abbreviate(schedule.token()) + " has " + schedule.length()
                    + " steps, more than the step bound of " + options.maxSteps() + " (--max-steps): give the bound it was found with");
        }
        return explore(scenario, new Replay(schedule));
    }
}
