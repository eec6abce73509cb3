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
