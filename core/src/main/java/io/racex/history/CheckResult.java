package io.racex.history;

import java.util.List;

/**
 * The verdict on a history against a model: linearizable when every part is, not linearizable
 * when some part is not, unknown when a part's search was stopped before either.
 *
 * @param history the history checked
 * @param model the model checked against
 * @param split whether the history was split into parts by the model
 * @param verdict the verdict on the whole history
 * @param parts one result per part, in order of their keys
 * @param elapsedNanos wall time of the check (parts run in parallel)
 */
public record CheckResult(History history, Model<?> model, boolean split, Verdict verdict, List<PartResult> parts, long elapsedNanos) {
    public CheckResult {
        parts = List.copyOf(parts);
    }

    /** The model's name. */
    public String modelName() {
        return model.name();
    }

    /** {@code op} as the model describes it. */
    public String describe(Operation op) {
        return model.describeOperation(op);
    }

    public boolean linearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    /** The parts that are not linearizable. */
    public List<PartResult> violations() {
        return parts.stream().filter(p -> p.verdict() == Verdict.NOT_LINEARIZABLE).toList();
    }

    /** Configurations entered, summed over the parts. */
    public long configurations() {
        return parts.stream().mapToLong(PartResult::configurations).sum();
    }
}
