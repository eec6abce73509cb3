package io.racex.samples;

/** Registers the in-memory samples in the catalog. */
final class MemorySamples {
    private MemorySamples() {}

    static void register() {
        SampleCatalog.add("transfer", "seed 003: transfer(b->a,100) || transfer(c->a,50), each reads both balances then writes both: a lost update",
                true, Transfer::buggy);
        SampleCatalog.add("transfer-fixed", "transfer with each transfer holding the bank lock: always 250 100 100", false, Transfer::fixed);
        SampleCatalog.add("append", "seed 003: two find-and-update appends of 'a' to 'msg a' in memory: 'msg aa' instead of 'msg aaa'",
                true, Append::buggy);
        SampleCatalog.add("append-fixed", "append as one compare-and-set retried on conflict: always 'msg aaa'", false, Append::fixed);
        SampleCatalog.add("counter", "two increments (read, then write read+1) lose one: 1 instead of 2", true, Counter::buggy);
        SampleCatalog.add("counter-fixed", "increments under a lock: always 2", false, Counter::fixed);
    }
}
