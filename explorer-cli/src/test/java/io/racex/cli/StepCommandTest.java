package io.racex.cli;

import static io.racex.cli.RacexCommandTest.racex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.racex.cli.RacexCommandTest.Run;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code racex step}: a person schedules the steps, on a terminal or from a script, and the token replays. */
class StepCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKEN = Pattern.compile("v1:[0-9x.]+");
    private static final String LOST_UPDATE = "1\n1\n2\n2\n2\n2\n1\n1\n";

    @AfterEach
    void noInjectedStreams() {
        StepCommand.testInput = null;
        StepCommand.testTerminal = null;
    }

    private static Run step(String input, String... args) {
        StepCommand.testInput = new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        String[] all = new String[args.length + 1];
        all[0] = "step";
        System.arraycopy(args, 0, all, 1, args.length);
        return racex(all);
    }

    private static String lastToken(String text) {
        Matcher m = TOKEN.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return last;
    }

    /** What {@code racex replay} makes of {@code token}: the verdict and the final state. */
    private static JsonNode replay(String scenario, String token) throws Exception {
        Run r = racex("replay", scenario, "--schedule", token, "--format", "json");
        return JSON.readTree(r.out());
    }

    @Test
    void aScriptedSessionEndsAtTheLostUpdateAndItsTokenReplaysToIt() throws Exception {
        Run r = step(LOST_UPDATE, "transfer");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("lost update"), r.out());
        assertTrue(r.out().contains("a=200 b=100 c=100"), r.out());
        String token = lastToken(r.out());
        assertEquals("v1:1.1.2.2.2.2.1.1", token);
        JsonNode replayed = replay("transfer", token);
        assertEquals("violation", replayed.get("verdict").asText());
        assertEquals("lost update", replayed.at("/counterexample/anomaly").asText(), replayed.toString());
    }

    @Test
    void everyStepShowsItsValueAndTheStateAfterIt() {
        Run r = step(LOST_UPDATE, "transfer-memory");
        assertTrue(r.out().contains("1. T1 read b -> 200"), r.out());
        assertTrue(r.out().contains("next: write a <- 200"), r.out());
        // after T2's whole transfer and before T1 writes: T2's 50 is in a, about to be overwritten
        assertTrue(r.out().contains("6. T2 write c <- 100\n  state  a=150 b=200 c=100"), r.out());
        assertTrue(r.out().contains("T2  transfer(c->a,50)  finished"), r.out());
    }

    @Test
    void aSerialScheduleIsOneASerialOrderAllows() {
        Run r = step("1\n1\n1\n1\n2\n2\n2\n2\n", "transfer-memory");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Verdict: a serial order allows this outcome"), r.out());
        assertEquals("v1:1.1.1.1.2.2.2.2", lastToken(r.out()), r.out());
    }

    @Test
    void choicesThatCannotBeTakenGetOneLineEachAndAreSkipped() {
        Run r = step("u\n3\nfirst\n1\n1\n1\n1\n1\n2\n2\n2\n2\n", "transfer-memory");
        List<String> refused = r.err().strip().lines().toList();
        assertEquals(4, refused.size(), r.err());
        assertTrue(refused.get(0).contains("nothing to undo"), r.err());
        assertTrue(refused.get(1).contains("there is no thread 3"), r.err());
        assertTrue(refused.get(2).contains("'first' is not a choice"), r.err());
        assertTrue(refused.get(3).contains("T1 has finished; T2 can move"), r.err());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void undoRunsThePrefixAgainAndGivesTheSameState() {
        Run r = step("1\n1\n2\nu\n2\n2\n2\n2\n1\n1\n", "transfer-memory");
        assertTrue(r.out().contains("undone: back to step 3\n  state  a=100 b=200 c=150\n"
                + "  T1  transfer(b->a,100)  next: write a <- 200\n  T2  transfer(c->a,50)  next: read c\n"), r.out());
        // the undone step is not in the schedule: T1 read a=100, T2 ran whole, T1 writes its stale 200
        assertEquals("v1:1.1.2.2.2.2.1.1", lastToken(r.out()), r.out());
        assertTrue(r.out().contains("lost update"), r.out());
    }

    @Test
    void inputThatEndsEarlySaysSoAndExitsTwo() {
        Run r = step("1\n2\n", "transfer-memory");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("the input ended after 2 steps"), r.err());
    }

    @Test
    void aThreadWaitingForADatabaseLockCannotBeChosenAndTheSessionSaysWhoHoldsIt() {
        // T1, T2 turn auto-commit off; T1 selects FOR UPDATE; T2's select waits for T1's lock
        Run r = step("1\n2\n1\n2\n2\n1\n1\n2\n2\n", "find-and-update-for-update.race.yaml");
        assertTrue(r.out().contains("T2 started its statement and is blocked: it waits for a lock held by T1"), r.out());
        assertTrue(r.err().contains("T2 cannot move: it waits for a lock held by T1; T1 can move"), r.err());
        assertTrue(r.out().contains("(after waiting for a lock)"), r.out());
        assertTrue(r.out().contains("message='msg aaa'"), r.out());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void aMemoryLockHeldByAnotherThreadIsNamed() {
        Run r = step("1\n2\n", "counter-memory-fixed");
        assertTrue(r.err().contains("held by T1") || r.out().contains("held by T1"), r.out() + r.err());
    }

    /**
     * The interactive mode on a pseudo-terminal: JLine's terminal on piped streams is a real pty
     * (/dev/pts/N) whose other side the test holds. Like a person, the test types each choice once
     * it sees the prompt for it (keys typed before the session puts the terminal in raw mode would
     * be flushed, as on a real terminal).
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void onATerminalTheStudentTypesTheirWayToTheLostUpdate() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream keys = new PipedInputStream(typing, 4096);
        Screen screen = new Screen();
        String[] choices = {"1", "1", "2", "2", "2", "2", "1", "1"};
        Thread typist = new Thread(() -> {
            try {
                for (int i = 0; i < choices.length; i++) {
                    if (!screen.await("step " + (i + 1) + " \\[")) {
                        return;
                    }
                    typing.write((choices[i] + "\r").getBytes(StandardCharsets.UTF_8));
                    typing.flush();
                }
            } catch (Exception e) {
                // the assertions below report what the screen shows
            }
        }, "typist");
        try (Terminal terminal = TerminalBuilder.builder().system(false).streams(keys, screen).type("xterm")
                .encoding(StandardCharsets.UTF_8).size(new org.jline.terminal.Size(160, 50)).build()) {
            StepCommand.testTerminal = terminal;
            typist.start();
            Run r = racex("step", "transfer");
            terminal.flush();
            typist.join(10_000);
            screen.await("Your schedule: v1:[0-9x.]+ "); // the pty hands the output on asynchronously
            typing.close();
            String shown = screen.text();
            assertEquals(1, r.code(), shown + r.err());
            assertTrue(shown.contains("step 8 [1, u, q]> "), shown);
            assertTrue(shown.contains("lost update"), shown);
            String token = lastToken(shown);
            assertEquals("v1:1.1.2.2.2.2.1.1", token, shown);
            assertEquals("violation", replay("transfer", token).get("verdict").asText(), shown);
            assertFalse(shown.contains("Exception"), shown);
        } finally {
            typing.close();
        }
    }

    /** What the terminal showed, escape sequences removed; a typist waits on it for a prompt. */
    private static final class Screen extends java.io.OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            notifyAll();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            notifyAll();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8).replaceAll("\u001B(\\[[0-9;?$]*[A-Za-z]|[=>])", "").replace("\r", "");
        }

        /** Waits up to 20 s for text matching {@code regex} to be shown. */
        synchronized boolean await(String regex) throws InterruptedException {
            Pattern shown = Pattern.compile(regex);
            long deadline = System.currentTimeMillis() + 20_000;
            while (!shown.matcher(text()).find()) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            return true;
        }
    }
}
