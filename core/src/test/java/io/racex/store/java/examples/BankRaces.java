package io.racex.store.java.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.junit.RacexTest;

/** {@code @RacexTest}s of the banks, run by the tests through JUnit's engine test kit (not by Surefire: no Test suffix). */
public class BankRaces {
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
