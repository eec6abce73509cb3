package io.racex;

import java.util.Map;
import java.util.function.Predicate;

/**
 * A named predicate on the final state that every execution must satisfy
 * (e.g. "total balance is 450").
 */
public record Invariant(String name, Predicate<Map<String, Object>> holds) {}
