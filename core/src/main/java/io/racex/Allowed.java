package io.racex;

import java.util.List;

/**
 * An outcome the spec allows, with one serial order that produces it: shown beside the observed
 * outcome of a counterexample.
 *
 * @param outcome the results and final state of that serial run
 * @param order the operations in the order they ran, e.g. {@code [T1, T2]}
 */
public record Allowed(Outcome outcome, List<String> order) {}
