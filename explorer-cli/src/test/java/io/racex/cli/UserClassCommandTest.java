package io.racex.cli;

import static io.racex.cli.RacexCommandTest.racex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.junit.RacexTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code racex explore --classpath DIR com.example.SomeTest[#method]}: a user's class, compiled
 * here from source as a user would, explored from the command line.
 */
class UserClassCommandTest {
    @TempDir
    static Path dir;

    static String classes;

    @BeforeAll
    static void compile() throws Exception {
        Path src = dir.resolve("src/userdemo/UserTest.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, """
                package userdemo;

                import io.racex.junit.RacexTest;

                public class UserTest {
                    static class Box { int v; }

                    @RacexTest
                    public void lostIncrement() throws Exception {
                        Box b = new Box();
                        Thread t1 = new Thread(() -> b.v = b.v + 1, "adder-1");
                        Thread t2 = new Thread(() -> b.v = b.v + 1, "adder-2");
                        t1.start(); t2.start(); t1.join(); t2.join();
                        if (b.v != 2) throw new AssertionError("lost increment: " + b.v);
                    }

                    @RacexTest
                    public void lockedIncrement() throws Exception {
                        Box b = new Box();
                        Runnable inc = () -> { synchronized (b) { b.v = b.v + 1; } };
                        Thread t1 = new Thread(inc), t2 = new Thread(inc);
                        t1.start(); t2.start(); t1.join(); t2.join();
                        if (b.v != 2) throw new AssertionError("lost increment: " + b.v);
                    }

                    @RacexTest
                    public void nothingShared() {
                        int x = 1 + 1;
                    }
                }
                """);
        Path out = Files.createDirectories(dir.resolve("classes"));
        String cp = location(RacexTest.class) + File.pathSeparator + location(Test.class);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-g", "-cp", cp, "-d", out.toString(), src.toString());
        assertEquals(0, rc, "the user's class compiles");
        classes = out.toString();
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void aLostIncrementFailsWithTheUsersLinesAndThreadNamesAndReplays() {
        RacexCommandTest.Run r = racex("explore", "--classpath", classes, "userdemo.UserTest#lostIncrement");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("VIOLATION in UserTest.lostIncrement"), r.out());
        assertTrue(r.out().contains("read Box.v (UserTest.java:11) -> 0"), r.out());
        assertTrue(r.out().contains("adder-1") && r.out().contains("adder-2"), r.out());
        assertTrue(r.out().contains("AssertionError: lost increment: 1"), r.out());
        assertTrue(r.out().contains("at userdemo.UserTest.lostIncrement(UserTest.java:14)"), r.out());
        Matcher m = Pattern.compile("racex replay --classpath (\\S+) 'userdemo.UserTest#lostIncrement' --schedule (v1:[0-9.]+)")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        RacexCommandTest.Run replay = racex("replay", "--classpath", m.group(1), "userdemo.UserTest#lostIncrement",
                "--schedule", m.group(2));
        assertEquals(1, replay.code(), replay.err());
        assertTrue(replay.out().contains("lost increment: 1"), replay.out());
        assertTrue(replay.out().contains("replayed 1 schedule"), replay.out());
    }

    @Test
    void aSynchronizedIncrementPassesComplete() {
        RacexCommandTest.Run r = racex("explore", "-cp", classes, "userdemo.UserTest#lockedIncrement");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("complete   yes"), r.out());
        assertTrue(r.out().contains("2 executions = 2 traces"), r.out());
    }

    @Test
    void aBodyWithNothingSharedIsASetUpErrorNotAProof() {
        RacexCommandTest.Run r = racex("explore", "--classpath", classes, "userdemo.UserTest#nothingShared");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("racex saw no shared step"), r.err());
        assertFalse((r.out() + r.err()).toLowerCase().contains("proof"), r.out() + r.err());
    }

    @Test
    void theWholeClassRunsEveryMethodAndFailsWhenOneFails() {
        RacexCommandTest.Run r = racex("explore", "--classpath", classes, "userdemo.UserTest");
        assertEquals(1, r.code(), r.err());
        List<String> headings = r.out().lines().filter(l -> l.startsWith("== ")).toList();
        assertEquals(List.of("== UserTest.lockedIncrement", "== UserTest.lostIncrement", "== UserTest.nothingShared"), headings);
        assertTrue(r.err().contains("UserTest.nothingShared: racex saw no shared step"), r.err());
    }

    @Test
    void aStudentStepsThroughTheUsersTestToTheLostIncrement() {
        String token = "v1:1.1.2.2.3.3.3.3.2.2.1.1.1.1.1";
        StepCommand.testInput = new java.io.ByteArrayInputStream(
                (token.substring(3).replace('.', '\n') + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try {
            RacexCommandTest.Run r = racex("step", "--classpath", classes, "userdemo.UserTest#lostIncrement");
            assertEquals(1, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("lost increment: 1"), r.out());
            assertTrue(r.out().contains("Your schedule: " + token), r.out());
            assertTrue(r.out().contains("racex replay --classpath"), r.out());
        } finally {
            StepCommand.testInput = null;
        }
        RacexCommandTest.Run replay = racex("replay", "--classpath", classes, "userdemo.UserTest#lostIncrement", "--schedule", token);
        assertEquals(1, replay.code(), replay.out() + replay.err());
    }

    @Test
    void badClassPathsAndNamesAreOneLineAndExitTwo() {
        for (String[] args : List.of(
                new String[] {"explore", "--classpath", classes, "userdemo.Nope"},
                new String[] {"explore", "--classpath", dir.resolve("missing").toString(), "userdemo.UserTest"},
                new String[] {"explore", "--classpath", classes, "userdemo.UserTest#missing"},
                new String[] {"explore", "--classpath", classes, "not a class"},
                new String[] {"explore", "--classpath", classes, "userdemo.UserTest", "--format", "json"},
                new String[] {"replay", "--classpath", classes, "userdemo.UserTest", "--schedule", "v1:1"})) {
            RacexCommandTest.Run r = racex(args);
            assertEquals(2, r.code(), String.join(" ", args) + "\n" + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        assertTrue(racex("explore", "--classpath", classes, "userdemo.UserTest#missing").err()
                .contains("(it has lockedIncrement, lostIncrement, nothingShared)"));
    }
}
