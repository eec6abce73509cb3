package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course cannot rot: every command shown in {@code docs/course/*.md} runs here and its shown
 * output must be what racex prints now.
 *
 * <p>A command is a line {@code $ racex …} inside a {@code ```console} block; the lines after it,
 * up to the next {@code $} line or the end of the block, are its output (standard output, then
 * standard error). {@code | grep REGEX} at the end keeps the matching lines, as the shell would.
 * A file named by {@code -o} is written in a temporary folder. A {@code ```mermaid} block right
 * after a comment {@code <!-- racex … -->} must be that command's output. Times ({@code 1053 ms})
 * and runs of spaces are compared loosely; everything else exactly.
 *
 * <p>Run with {@code -Dracex.course.update=true} to write the real output into the chapters, then
 * review the diff: a plain run never writes.
 */
class CourseTest {
    static final Path COURSE = Path.of("../docs/course");
    static final String UPDATE = "racex.course.update";
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```console\\n(.*?)^```\\n");
    private static final Pattern MERMAID = Pattern.compile("(?ms)^<!-- (racex [^\\n]*?) -->\\n```mermaid\\n(.*?)^```\\n");

    @TempDir
    static Path out;

    static List<Path> chapters() throws IOException {
        try (Stream<Path> s = Files.list(COURSE)) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    /** Runs one shown command the way a student types it; returns what they would see. */
    static String run(String command) {
        String line = command.strip();
        String grep = null;
        int bar = line.indexOf(" | grep ");
        if (bar > 0) {
            grep = line.substring(bar + " | grep ".length()).strip();
            if (grep.startsWith("-E ")) {
                grep = grep.substring(3).strip();
            }
            grep = unquote(grep);
            line = line.substring(0, bar);
        }
        List<String> args = words(line);
        if (!args.get(0).equals("racex")) {
            fail("a course command starts with racex: " + command);
        }
        args.remove(0);
        for (int i = 0; i < args.size() - 1; i++) {
            if (args.get(i).equals("-o") || args.get(i).equals("--output")) {
                args.set(i + 1, out.resolve(args.get(i + 1)).toString());
            }
        }
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        RacexCommand.execute(args.toArray(String[]::new), new PrintWriter(o, true), new PrintWriter(e, true));
        String shown = (o + e.toString()).replace(out.toString() + "/", "");
        if (grep != null) {
            Pattern p = Pattern.compile(grep);
            StringBuilder b = new StringBuilder();
            shown.lines().filter(l -> p.matcher(l).find()).forEach(l -> b.append(l).append('\n'));
            shown = b.toString();
        }
        return shown.stripTrailing();
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))
                ? s.substring(1, s.length() - 1) : s;
    }

    /** Shell words: spaces separate, single or double quotes group. */
    static List<String> words(String line) {
        List<String> w = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                any = true;
            } else if (c == ' ') {
                if (any || cur.length() > 0) {
                    w.add(cur.toString());
                }
                cur.setLength(0);
                any = false;
            } else {
                cur.append(c);
            }
        }
        if (any || cur.length() > 0) {
            w.add(cur.toString());
        }
        return w;
    }

    /** What may differ between two runs: wall times, and so the spaces that align them. */
    static String loose(String s) {
        return s.replaceAll("\\d+ ms", "N ms").replaceAll(" {2,}", "  ").replaceAll("(?m)[ \\t]+$", "").strip();
    }

    /** One dynamic test per chapter: every command's shown output is the real one. */
    @TestFactory
    Stream<DynamicTest> everyCommandInTheCourseShowsItsRealOutput() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path chapter : chapters()) {
            tests.add(DynamicTest.dynamicTest(chapter.getFileName().toString(), () -> check(chapter)));
        }
        return tests.stream();
    }

    static void check(Path chapter) throws IOException {
        String md = Files.readString(chapter, StandardCharsets.UTF_8);
        boolean update = Boolean.getBoolean(UPDATE);
        StringBuilder rewritten = new StringBuilder();
        Matcher m = BLOCK.matcher(md);
        int at = 0;
        List<String> wrong = new ArrayList<>();
        while (m.find()) {
            rewritten.append(md, at, m.start(1));
            StringBuilder block = new StringBuilder();
            for (String[] cmd : commands(m.group(1))) {
                String real = run(cmd[0]);
                block.append("$ ").append(cmd[0]).append('\n').append(real.isEmpty() ? "" : real + "\n");
                if (!loose(real).equals(loose(cmd[1]))) {
                    wrong.add("$ " + cmd[0] + "\n--- shown:\n" + cmd[1] + "\n--- racex prints:\n" + real);
                }
            }
            rewritten.append(block);
            at = m.end(1);
        }
        rewritten.append(md.substring(at));
        String afterConsole = rewritten.toString();
        Matcher d = MERMAID.matcher(afterConsole);
        StringBuilder withDiagrams = new StringBuilder();
        at = 0;
        while (d.find()) {
            String real = run(d.group(1));
            withDiagrams.append(afterConsole, at, d.start(2)).append(real).append('\n');
            if (!real.strip().equals(d.group(2).strip())) {
                wrong.add("<!-- " + d.group(1) + " --> mermaid block\n--- shown:\n" + d.group(2) + "\n--- racex prints:\n" + real);
            }
            at = d.end(2);
        }
        withDiagrams.append(afterConsole.substring(at));
        if (update) {
            Files.writeString(chapter, withDiagrams.toString(), StandardCharsets.UTF_8);
        } else if (!wrong.isEmpty()) {
            fail(chapter + ": " + wrong.size() + " shown output(s) differ from what racex prints (rerun with -D" + UPDATE
                    + "=true and review the diff):\n\n" + String.join("\n\n", wrong));
        }
    }

    /** The commands of a console block, each with the output shown after it. */
    static List<String[]> commands(String block) {
        List<String[]> out = new ArrayList<>();
        String cmd = null;
        StringBuilder shown = new StringBuilder();
        for (String l : block.split("\n", -1)) {
            if (l.startsWith("$ ")) {
                if (cmd != null) {
                    out.add(new String[] {cmd, shown.toString().stripTrailing()});
                }
                cmd = l.substring(2).strip();
                shown.setLength(0);
            } else if (cmd != null) {
                shown.append(l).append('\n');
            }
        }
        if (cmd != null) {
            out.add(new String[] {cmd, shown.toString().stripTrailing()});
        }
        return out;
    }

    @Test
    void theCourseHasAChapterPerSeedALabHandoutAndATeachersFile() throws IOException {
        List<Path> chapters = chapters();
        assertTrue(chapters.size() >= 5, chapters.toString());
        for (String seed : List.of("000", "001", "002", "003")) {
            assertTrue(chapters.stream().anyMatch(p -> p.getFileName().toString().contains("seed-" + seed)), "a chapter for seed " + seed);
        }
        assertTrue(Files.exists(COURSE.resolve("lab-handout.md")));
        assertTrue(Files.exists(COURSE.resolve("teacher.md")));
        for (Path p : chapters) {
            String md = Files.readString(p);
            if (p.getFileName().toString().startsWith("seed-")) {
                assertTrue(BLOCK.matcher(md).find(), p + " shows commands and their output");
                assertTrue(md.contains("## Exercises"), p + " has exercises");
                assertFalse(md.contains("## Solutions"), p + ": solutions belong in teacher.md");
            }
        }
    }

    @Test
    void aShownOutputThatDiffersFailsTheCheck(@TempDir Path dir) throws IOException {
        Path md = dir.resolve("seed-999.md");
        Files.writeString(md, "```console\n$ racex explore counter-memory-fixed\nracex: PASS counter-memory-fixed: typed by hand\n```\n");
        String update = System.clearProperty(UPDATE);
        try {
            AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> check(md));
            assertTrue(e.getMessage().contains("typed by hand"), e.getMessage());
        } finally {
            if (update != null) {
                System.setProperty(UPDATE, update);
            }
        }
    }

    @Test
    void grepKeepsTheMatchingLinesAsTheShellWould() {
        String all = run("racex list");
        String some = run("racex list | grep -E '^(transfer|counter) '");
        assertEquals(2, some.lines().count(), some);
        assertTrue(all.contains(some.lines().findFirst().orElseThrow()));
    }
}
