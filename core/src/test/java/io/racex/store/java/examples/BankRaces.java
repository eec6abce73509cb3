package io.racex.store.java.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.junit.RacexTest;
import io.racex.junit.Replay;

/** {@code @RacexTest}s of the banks, run by the tests through JUnit's engine test kit (not by Surefire: no Test suffix). */
public class BankRaces {
    /** The minimal failing schedule of {@link #transfersKeepTheTotal}, as its report gives it. */
    public static final String REPLAYED = "v1:1.1.1.1.1.2.2.2.3.3.3.3.3.3.2.2.2.1.1.1.1.1.1";

    @RacexTest
    @Replay(REPLAYED)
    void replayedTransfer() throws Exception {
        transfersKeepTheTotal();
    }

    @RacexTest
    void transfersKeepTheTotal() throws Exception {
        Bank bank = new Bank(100, 200, 150);
        Thread t1 = new Thread(() -> bank.transfer("b", "a", 100));
        Thread t2 = new Thread(() -> bank.transfer("c", "a", 50));
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(450, bank.total());
    }

    @RacexTest
    void synchronizedTransfersKeepTheTotal() throws Exception {
        Bank bank = new SynchronizedBank(100, 200, 150);
        Thread t1 = new Thread(() -> bank.transfer("b", "a", 100));
        Thread t2 = new Thread(() -> bank.transfer("c", "a", 50));
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(450, bank.total());
    }
}
