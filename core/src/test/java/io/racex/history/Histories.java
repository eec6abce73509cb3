package io.racex.history;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Small histories written by hand for tests. */
final class Histories {
    private Histories() {}

    /** An operation by {@code client} called at {@code call}, returning {@code result} at {@code ret} (-1: pending). */
    static Operation op(String client, long call, long ret, String name, Object result, Object... args) {
        return new Operation(0, client, name, Arrays.asList(args), ret < 0 ? null : result, call, ret < 0 ? Operation.PENDING : ret, 0, 0);
    }

    /** The operations as a history, in order of their calls. */
    static History history(Operation... ops) {
        List<Operation> sorted = new ArrayList<>(List.of(ops));
        sorted.sort(Comparator.comparingLong(Operation::call));
        List<Operation> out = new ArrayList<>();
        for (Operation o : sorted) {
            out.add(o.withId(out.size()));
        }
        return new History("test", "test", out, 0);
    }

    /** Reads {@code text} as a history file named {@code name}. */
    static History read(String name, String text) {
        return HistoryReader.read(name, new StringReader(text), HistoryReader.Format.AUTO);
    }

    static CheckResult check(History h, Model<?> m) {
        return Linearizability.check(h, m, Linearizability.Options.defaults().withThreads(1));
    }
}
