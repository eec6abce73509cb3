package io.racex.history;

import static io.racex.history.Histories.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HistoryReaderTest {
    @Test
    void readsJepsenLogLinesWithTabsOrSpacesAndSkipsOtherOutput() {
        History h = read("etcd.log", """
                INFO  jepsen.core - Running test
                INFO  jepsen.util - 0\t:invoke\t:read\tnil
                INFO  jepsen.util - 1   :invoke :cas    [1 2]
                INFO  jepsen.util - :nemesis\t:info\t:start\tnil
                INFO  jepsen.util - 0\t:ok\t:read\t3
                INFO  jepsen.util - 1   :fail   :cas    [1 2]
                INFO  jepsen.util - 2\t:invoke\t:write\t4
                INFO  jepsen.util - 2\t:info\t:write\t:timed-out
                INFO  jepsen.util - 3\t:invoke\t:read\tnil
                INFO  jepsen.util - 3\t:fail\t:read\t:timed-out
                INFO  jepsen.util - 4\t:invoke\t:write\t1
                """);
        assertEquals("jepsen-log", h.format());
        assertEquals(4, h.size(), "the failed read is left out");
        assertEquals(1, h.leftOut());
        Operation read = h.operations().get(0);
        assertEquals("read() -> 3", read.describe());
        assertEquals(2, read.line());
        assertEquals(5, read.returnLine());
        Operation cas = h.operations().get(1);
        assertEquals(List.of(1L, 2L), cas.args());
        assertEquals(Boolean.FALSE, cas.result(), "a failed cas is a compare that failed");
        assertTrue(h.operations().get(2).pending(), ":info leaves the write pending");
        assertTrue(h.operations().get(3).pending(), "no completion at all: pending");
        assertEquals(List.of("0", "1", "2", "4"), h.clients());
    }

    @Test
    void readsJepsenEdnMapsWithKeys() {
        History h = read("kv.txt", """
                {:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}
                {:process 1, :type :invoke, :f :get, :key "0", :value nil}
                {:process 0, :type :ok, :f :append, :key "0", :value "x 0 0 y"}
                {:process 1, :type :ok, :f :get, :key "0", :value "x 0 0 y"} ; a comment
                """);
        assertEquals("jepsen-edn", h.format());
        assertEquals(List.of("0", "x 0 0 y"), h.operations().get(0).args());
        assertEquals(List.of("0"), h.operations().get(1).args());
        assertEquals("x 0 0 y", h.operations().get(1).result());
        assertTrue(h.operations().get(0).precedes(h.operations().get(1)) == false);
    }

    @Test
    void readsJsonLinesMatchingByIdOrClientAndOrderingByTime() {
        History h = read("run.jsonl", """
                {"type":"call","id":"a","client":"t1","op":"write","args":[1],"time":100}
                {"type":"call","client":"t2","op":"read","time":50}
                {"type":"return","client":"t2","result":1,"time":120}
                {"type":"return","id":"a","time":110}

                {"type":"call","id":"b","client":"t1","op":"write","args":[2],"time":130}
                {"type":"info","id":"b","time":140}
                {"type":"call","id":"c","client":"t3","op":"write","args":[{"k":[true,2.5]}],"time":150}
                {"type":"fail","id":"c","time":160}
                """);
        assertEquals("jsonl", h.format());
        assertEquals(3, h.size());
        assertEquals(1, h.leftOut());
        assertEquals("read", h.operations().get(0).name(), "sorted by call time");
        assertEquals(50, h.operations().get(0).call());
        assertEquals(120, h.operations().get(0).ret());
        assertEquals(1L, h.operations().get(0).result());
        assertNull(h.operations().get(1).result());
        assertTrue(h.operations().get(2).pending());
    }

    @Test
    void jsonValuesBecomePlainJavaValues() {
        History h = read("v.jsonl", """
                {"type":"call","client":1,"op":"put","args":["k",{"a":[1,2.5,null,"s",false]}]}
                {"type":"return","client":1}
                """);
        Object v = h.operations().get(0).arg(1);
        assertEquals(Map.of("a", java.util.Arrays.asList(1L, 2.5, null, "s", false)), v);
        assertEquals("1", h.operations().get(0).client());
    }

    @Test
    void ednReaderKnowsTheSubsetJepsenWrites() {
        assertEquals(List.of(1L, -2L, 3.5, "a\"b\n", new Edn.Keyword("ok"), new Edn.Symbol("sym")),
                Edn.readOne("[1, -2 3.5 \"a\\\"b\\n\" :ok sym]"));
        assertEquals(Set.of(1L, 2L), Edn.readOne("#{1 2}"));
        assertEquals(Map.of(new Edn.Keyword("a"), List.of()), Edn.readOne("{:a ()}"));
        assertEquals(12345678901234567890.0, ((java.math.BigInteger) Edn.readOne("12345678901234567890N")).doubleValue());
        assertEquals("x", Edn.readOne("#inst \"x\""));
        assertEquals(2L, Edn.readOne("#_1 2"));
        assertNull(Edn.readOne("nil ; trailing comment"));
    }

    @Test
    void truncatedEdnLineIsOneErrorWithFileAndLine() {
        HistoryException e = assertThrows(HistoryException.class, () -> read("kv.txt", """
                {:process 0, :type :invoke, :f :get, :key "5", :value nil}
                {:process 0, :type :ok, :f :get, :key "5", :v{:process 0, :type :ok
                """));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith("kv.txt:2: column "), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void badLinesAreReportedWithTheirLineNumber() {
        assertError("run.jsonl:2: not a JSON object: the line ends too early (truncated?)", """
                {"type":"call","client":"a","op":"read"}
                {"type":"return","client":"a","res
                """);
        assertError("run.jsonl:1: a return with no call: client a has no call open", """
                {"type":"return","client":"a","result":1}
                """);
        assertError("run.jsonl:2: a return with no call: no call has id 9", """
                {"type":"call","id":1,"client":"a","op":"read"}
                {"type":"return","id":9}
                """);
        assertError("run.jsonl:1: unknown \"type\": \"done\" (call, return, fail or info)", """
                {"type":"done","client":"a"}
                """);
        assertError("run.jsonl:2: client a calls write before its call of read on line 1 returned "
                + "(a client calls one operation at a time; give concurrent callers their own client names)", """
                {"type":"call","client":"a","op":"read"}
                {"type":"call","client":"a","op":"write","args":[1]}
                """);
        assertError("run.jsonl:2: this event has no \"time\" but the first had one: give every event a time, or none", """
                {"type":"call","client":"a","op":"read","time":1}
                {"type":"return","client":"a"}
                """);
        assertError("run.jsonl:2: returns at time 5, before its call on line 1 at 9", """
                {"type":"call","client":"a","op":"read","time":9}
                {"type":"return","client":"a","time":5}
                """);
        assertError("run.jsonl:1: a call needs \"op\", the operation's name", """
                {"type":"call","client":"a"}
                """);
        assertError("h.log:2: a return with no call: client 3 has no call open", """
                INFO  jepsen.util - 0\t:invoke\t:read\tnil
                INFO  jepsen.util - 3\t:ok\t:read\t1
                """, "h.log");
        assertError("h.log:1: column 26: the line ends where a value should be (truncated?)", "INFO  jepsen.util - 3\t:ok\n", "h.log");
        assertError("odd.txt:2: cannot tell the history format from this line (expected a JSON object, a Jepsen EDN map or a jepsen.util log line; "
                + "see docs/histories.md)", "\nhello\n", "odd.txt");
    }

    @Test
    void emptyFileIsAnEmptyHistory() {
        History h = read("empty.log", "");
        assertEquals(0, h.size());
        assertTrue(Histories.check(h, Models.register()).linearizable());
    }

    private static void assertError(String message, String text) {
        assertError(message, text, "run.jsonl");
    }

    private static void assertError(String message, String text, String name) {
        HistoryException e = assertThrows(HistoryException.class, () -> read(name, text));
        assertEquals(message, e.getMessage());
    }
}
