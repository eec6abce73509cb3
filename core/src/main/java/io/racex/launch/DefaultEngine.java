package io.racex.launch;

import io.racex.Engine;
import io.racex.ExplorationResult;
import io.racex.Linearizability;
import io.racex.store.java.JavaLinearizability;
import io.racex.store.java.Lambdas;
import java.io.Serializable;
import java.util.List;
import io.racex.Options;
import io.racex.Scenario;
import io.racex.Schedule;
import io.racex.Strategy;
import io.racex.engine.Explorer;
import io.racex.report.TextReport;
import io.racex.strategy.Dpor;
import io.racex.strategy.IterativeBounding;

/**
 * Racex's engine behind the API: the explorer for searches and replays, the strategies by name,
 * the text report. It is the one place that wires engine, strategies and reports together for the
 * API, so that none of them is imported by {@code io.racex}.
 */
public final class DefaultEngine implements Engine {
    @Override
    public <H> ExplorationResult explore(Scenario<H> scenario, Strategy strategy, Options options) {
        return new Explorer(options).explore(scenario, strategy);
    }

    @Override
    public <H> ExplorationResult replay(Scenario<H> scenario, Schedule schedule, Options options) {
        return new Explorer(options).replay(scenario, schedule);
    }

    @Override
    public Strategy exhaustive() {
        return new Dpor();
    }

    @Override
    public Strategy bounded(int preemptions) {
        return new IterativeBounding(preemptions);
    }

    @Override
    public String textReport(ExplorationResult result) {
        return TextReport.render(result);
    }

    @Override
    public String textReportForTest(ExplorationResult result) {
        return TextReport.renderForTest(result);
    }

    @Override
    public Linearizability.Runner linearizability(Serializable factory, List<Linearizability.OpDef> operations,
                                                  List<String> instrument, long maxSchedules) {
        return new JavaLinearizability(factory, operations, instrument, maxSchedules);
    }

    @Override
    public String describeLambda(Serializable lambda) {
        return Lambdas.describe(lambda);
    }
}
