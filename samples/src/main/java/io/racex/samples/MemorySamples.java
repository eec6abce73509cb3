package io.racex.samples;

/**
 * Registers the in-memory samples in the catalog: seed 003's transfer and append and the counter,
 * written against {@code MemoryAccess} ({@code transfer-memory}, ...); their plain-Java versions
 * are {@code transfer}, {@code append}, {@code counter}.
 */
final class MemorySamples {
    private MemorySamples() {}

    static void register() {
        SampleCatalog.add("transfer-memory", "seed 003 in MemoryAccess cells: transfer(b->a,100) || transfer(c->a,50), each reads both balances then writes both: a lost update",
                true, () -> Transfer.buggy("transfer-memory"));
        SampleCatalog.add("transfer-memory-fixed", "transfer-memory with each transfer holding the bank lock: always 250 100 100", false,
                () -> Transfer.fixed("transfer-memory-fixed"));
        SampleCatalog.add("append-memory", "seed 003: two find-and-update appends of 'a' to 'msg a' in a MemoryAccess cell: 'msg aa' instead of 'msg aaa'",
                true, () -> Append.buggy("append-memory"));
        SampleCatalog.add("append-memory-fixed", "append as one compare-and-set retried on conflict: always 'msg aaa'", false,
                () -> Append.fixed("append-memory-fixed"));
        SampleCatalog.add("counter-memory", "two increments (read, then write read+1) of a MemoryAccess cell lose one: 1 instead of 2", true,
                () -> Counter.buggy("counter-memory"));
        SampleCatalog.add("counter-memory-fixed", "increments under a lock: always 2", false, () -> Counter.fixed("counter-memory-fixed"));
    }

}
