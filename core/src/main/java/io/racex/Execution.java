package io.racex;

import java.util.List;
import java.util.Map;

/**
 * The record of one execution: the schedule that drove it, the steps in the order they ran, each
 * operation's result and span, the final state, and how it ended.
 *
 * @param schedule the thread choices, one per step
 * @param steps the history of steps
 * @param results per thread, per operation, what it returned or threw (null if it never finished)
 * @param spans per thread, per operation, {first step index, last step index}; -1 when it had none
 * @param finalState the store's state at the end (empty when the execution did not complete)
 * @param termination how it ended
 * @param preemptions how many times the schedule switched away from a thread that could have gone on
 * @param detail a sentence about an abnormal end (which threads deadlocked, which step timed out)
 */
public record Execution(Schedule schedule, List<Step> steps, List<List<OpResult>> results, List<List<int[]>> spans,
                        Map<String, Object> finalState, Termination termination, int preemptions, String detail) {}
