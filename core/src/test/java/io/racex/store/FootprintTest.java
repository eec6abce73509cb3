package io.racex.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class FootprintTest {
    private static final String ALICE = Footprint.part("doctors", "name", "'alice'");
    private static final String BOB = Footprint.part("doctors", "name", "'bob'");

    @Test
    void twoRowsOfOneKeyAreApartButEachOverlapsItsTable() {
        assertFalse(Footprint.overlaps(ALICE, BOB));
        assertTrue(Footprint.overlaps(ALICE, "doctors"));
        assertTrue(Footprint.overlaps("doctors", BOB));
        assertTrue(Footprint.overlaps(ALICE, ALICE));
        assertFalse(Footprint.overlaps(ALICE, Footprint.part("nurses", "name", "'alice'")));
    }

    @Test
    void rowsNamedByDifferentKeysMayBeOneRow() {
        assertTrue(Footprint.overlaps(Footprint.part("t", "id", "1"), Footprint.part("t", "sku", "'x'")));
    }

    @Test
    void anyOverlapsEverythingAndPlainNamesOnlyThemselves() {
        assertTrue(Footprint.overlaps(Footprint.ANY, ALICE));
        assertTrue(Footprint.overlaps("balance", Footprint.ANY));
        assertFalse(Footprint.overlaps("a[1]", "a"));
        assertFalse(Footprint.overlaps("balance", "doctors"));
    }

    @Test
    void aPredicateReadConflictsWithAPointWriteAndPointWritesOfOtherRowsDoNot() {
        Footprint predicateRead = Footprint.read("doctors");
        Footprint writeAlice = Footprint.write(ALICE);
        Footprint writeBob = Footprint.write(BOB);
        assertTrue(predicateRead.conflictsWith(writeBob));
        assertTrue(writeAlice.conflictsWith(predicateRead));
        assertFalse(writeAlice.conflictsWith(writeBob));
        assertFalse(predicateRead.conflictsWith(Footprint.read(ALICE)));
        assertTrue(new Footprint(Set.of(ALICE), Set.of()).conflictsWith(writeAlice));
    }
}
