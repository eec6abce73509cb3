package io.racex;

import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * What the API asks of the explorer behind it. The API ({@code io.racex}) knows the engine only
 * through this interface, found at run time with {@link ServiceLoader}, so the engine, strategies
 * and reports are internal and may change without touching what users import. Racex's own
 * implementation is registered in {@code META-INF/services/io.racex.Engine}.
 */
public interface Engine {
    /** Explores {@code scenario} with {@code strategy}. */
    <H> ExplorationResult explore(Scenario<H> scenario, Strategy strategy, Options options);

    /** Runs exactly {@code schedule} (a replay is not a search: never complete). */
    <H> ExplorationResult replay(Scenario<H> scenario, Schedule schedule, Options options);

    /** The default search: optimal DPOR, one execution per Mazurkiewicz trace. */
    Strategy exhaustive();

    /** Iterative preemption bounding up to {@code preemptions}. */
    Strategy bounded(int preemptions);

    /** The text report of {@code result}, as a failing test prints it. */
    String textReport(ExplorationResult result);

    /** The report of a failure as a failing test shows it, ending with the {@code @Replay} line to paste. */
    String textReportForTest(ExplorationResult result);

    /**
     * The runner of a {@link Linearizability} check of the real class {@code factory} makes, with
     * the operations {@code operations}, loading {@code instrument} instrumented besides.
     */
    Linearizability.Runner linearizability(java.io.Serializable factory, java.util.List<Linearizability.OpDef> operations,
                                           java.util.List<String> instrument, long maxSchedules);

    /** How a lambda or method reference is shown: {@code a -> a.withdraw(80)} as {@code withdraw(80)} where it can. */
    String describeLambda(java.io.Serializable lambda);

    /** The engine on the class path. */
    static Engine get() {
        return Holder.ENGINE;
    }

    /** Loads the engine once, on first use. */
    final class Holder {
        private static final Engine ENGINE = load();

        private Holder() {}

        private static Engine load() {
            Iterator<Engine> found = ServiceLoader.load(Engine.class, Engine.class.getClassLoader()).iterator();
            if (!found.hasNext()) {
                throw new RacexException("no racex engine on the class path (META-INF/services/io.racex.Engine is missing: "
                        + "is racex-core packaged whole?)");
            }
            return found.next();
        }
    }
}
