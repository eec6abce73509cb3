package io.racex.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Jepsen etcd logs and the key-value histories Porcupine is tested on
 * ({@code src/test/resources/histories}): the etcd verdicts are Porcupine's (etcd_095 is empty: the
 * cluster did not start), the key-value verdicts are in the file names.
 */
class HistoryFilesTest {
    static final Path DIR = Path.of("src/test/resources/histories");
    /** The logs Porcupine's tests expect to be linearizable; the others are not. */
    static final Set<Integer> LINEARIZABLE = Set.of(2, 5, 7, 18, 25, 31, 38, 45, 48, 49, 51, 53, 56, 67, 75, 76, 80, 87, 92, 95, 98, 100, 101, 102);

    @Test
    void everyEtcdLogGetsPorcupinesVerdict() {
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i <= 102; i++) {
            Path f = DIR.resolve(String.format("jepsen-etcd/etcd_%03d.log", i));
            CheckResult r = Linearizability.check(HistoryReader.read(f), Models.register());
            if (r.linearizable() != LINEARIZABLE.contains(i)) {
                wrong.add(f.getFileName() + " " + r.verdict().id());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyKeyValueHistoryGetsTheVerdictInItsName() {
        for (String name : List.of("c01-ok", "c01-bad", "c10-ok", "c10-bad", "c50-ok", "c50-bad")) {
            History h = HistoryReader.read(DIR.resolve("kv/" + name + ".txt"));
            Verdict expected = name.endsWith("ok") ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE;
            assertEquals(expected, Linearizability.check(h, Models.kv()).verdict(), name + " split by key");
            if (!name.startsWith("c50")) {
                assertEquals(expected, Linearizability.check(h, Models.kv(), Linearizability.Options.defaults().withSplit(false)).verdict(),
                        name + " whole");
            }
        }
    }
}
