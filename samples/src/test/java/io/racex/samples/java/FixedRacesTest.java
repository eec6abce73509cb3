package io.racex.samples.java;

import io.racex.junit.RacexTest;

/**
 * The fixed samples' concurrent tests as a user writes them: {@code @RacexTest} methods whose
 * bodies start and join their threads. Each passes only if every interleaving passes (the buggy
 * bodies fail the same way; {@code JavaSamplesTest} checks that).
 */
class FixedRacesTest {
    @RacexTest
    void transfersKeepTheTotal() throws Exception {
        Races.transferFixed();
    }

    @RacexTest
    void incrementsAreNotLost() throws Exception {
        Races.counterFixed();
    }

    @RacexTest
    void appendsAreNotLost() throws Exception {
        Races.appendFixed();
    }

    @RacexTest
    void everyLoginGetsItsOwnToken() throws Exception {
        Races.loginTokensFixed();
    }

    @RacexTest
    void validateNeverSeesASessionWithoutUser() throws Exception {
        Races.logoutValidationFixed();
    }

    @RacexTest
    void thePoolNeverHandsOutMoreThanItHas() throws Exception {
        Races.connectionPoolFixed();
    }

    @RacexTest
    void eachRequestClosesItsOwnConnection() throws Exception {
        Races.sharedTransactionFixed();
    }

    @RacexTest
    void transfersInOppositeDirectionsDoNotDeadlock() throws Exception {
        Races.lockOrderFixed();
    }

    @RacexTest
    void theConfigIsCreatedOnce() throws Exception {
        Races.lazyInitFixed();
    }

    @RacexTest
    void theTakerReceivesTheMessage() throws Exception {
        Races.missedSignalFixed();
    }

    @RacexTest
    void fourLockedIncrementsLeaveFour() throws Exception {
        Races.lockedCounter(4);
    }
}
