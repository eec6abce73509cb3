package io.racex.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The README and the docs cannot rot: every {@code racex} command they show (written
 * {@code $ racex …} or {@code $ java -jar explorer-cli/target/racex.jar …}) runs here, and the
 * output shown under it must be what racex prints now — line for line, in order, though a page
 * may leave lines out (a table's middle, a long report's tail); a following {@code $ echo $?}
 * line's number must be the command's exit code. Times and runs of spaces compare loosely.
 * Commands on PostgreSQL or MariaDB run where those answer (always in CI). A block the page marks
 * {@code <!-- not run: why -->} (a collage of several runs' messages, say) is not run. The course has its own,
 * stricter test ({@link CourseTest}); commands that read standard input ({@code racex step}) are
 * tested by {@code StepCommandTest}.
 */
class DocsOutputTest {
    private static final List<String> PAGES = List.of("README.md", "docs/tutorial.md", "docs/user-guide.md",
            "docs/exploration.md", "docs/isolation.md", "docs/scenario-files.md", "docs/cli.md", "docs/histories.md");
    private static final Pattern FENCE = Pattern.compile("(?ms)^```[a-z]*\\n(.*?)^```\\n");
    private static final String JAR = "java -jar explorer-cli/target/racex.jar ";

    @TestFactory
    Stream<DynamicTest> everyShownCommandPrintsWhatThePageShows() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String page : PAGES) {
            Path file = Path.of("..").resolve(page);
            String md = Files.readString(file, StandardCharsets.UTF_8);
            Matcher m = FENCE.matcher(md);
            while (m.find()) {
                if (md.substring(0, m.start()).stripTrailing().matches("(?s).*<!-- not run: [^\n]*-->")) {
                    continue; // a collage of several runs, or a file the page only describes: said so on the page
                }
                int line = 1 + (int) md.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                for (Shown s : commands(m.group(1))) {
                    String name = page + ":" + line + " $ " + s.command;
                    tests.add(DynamicTest.dynamicTest(name, () -> check(page, s)));
                }
            }
        }
        assertTrue(tests.size() >= 20, "found only " + tests.size() + " commands in the docs");
        return tests.stream();
    }

    /** A shown command, the lines shown under it and the exit code shown by {@code echo $?} (or null). */
    record Shown(String command, List<String> output, Integer exit) {}

    static List<Shown> commands(String block) {
        List<Shown> out = new ArrayList<>();
        String cmd = null;
        List<String> shown = new ArrayList<>();
        Integer exit = null;
        boolean exitNext = false;
        for (String l : block.split("\n", -1)) {
            if (l.startsWith("$ ")) {
                String c = l.substring(2).strip();
                if (c.equals("echo $?")) {
                    exitNext = true;
                    continue;
                }
                if (cmd != null) {
                    out.add(new Shown(cmd, List.copyOf(shown), exit));
                }
                cmd = runnable(c);
                shown.clear();
                exit = null;
            } else if (exitNext) {
                exit = Integer.valueOf(l.strip());
                exitNext = false;
            } else if (cmd != null) {
                shown.add(l);
            }
        }
        if (cmd != null) {
            out.add(new Shown(cmd, List.copyOf(shown), exit));
        }
        out.removeIf(s -> s.command == null);
        return out;
    }

    /** The racex command of a shown line, without a trailing comment; null for anything else. */
    static String runnable(String c) {
        c = c.replaceFirst("\\s+#\\s.*$", "");
        if (c.startsWith(JAR)) {
            c = "racex " + c.substring(JAR.length());
        }
        if (!c.startsWith("racex ") || c.startsWith("racex step") || c.contains("\\")) {
            return null;
        }
        String withoutGrep = c.replaceFirst(" \\| grep .*$", "");
        return withoutGrep.contains("|") || withoutGrep.contains(";") || withoutGrep.contains("&&") ? null : c;
    }

    static void check(String page, Shown s) {
        String cmd = s.command;
        if ((cmd.contains("postgresql") && !reachable(5432)) || (cmd.contains("mariadb") && !reachable(3306))) {
            if (System.getenv("CI") != null) {
                fail(page + ": '" + cmd + "' needs a database that does not answer on 127.0.0.1, and CI must run it");
            }
            org.junit.jupiter.api.Assumptions.abort("no database on 127.0.0.1 for '" + cmd + "'");
        }
        int[] code = new int[1];
        String real = run(cmd, code);
        if (s.exit != null && s.exit != code[0]) {
            fail(page + ": '" + cmd + "' exits " + code[0] + ", the page shows " + s.exit);
        }
        List<String> want = new ArrayList<>();
        for (String l : s.output) {
            String n = CourseTest.loose(l);
            if (!n.isEmpty() && !n.equals("...") && !n.equals("…")) {
                want.add(n);
            }
        }
        List<String> have = real.lines().map(CourseTest::loose).toList();
        int at = 0;
        for (String w : want) {
            int found = -1;
            for (int i = at; i < have.size(); i++) {
                if (have.get(i).equals(w)) {
                    found = i;
                    break;
                }
            }
            if (found < 0) {
                fail(page + ": '" + cmd + "' does not print, at this point of its output, the shown line\n  " + w
                        + "\n--- racex prints:\n" + real);
            }
            at = found + 1;
        }
    }

    /** Runs a shown command in this JVM, with paths relative to the project root. */
    static String run(String command, int[] code) {
        String line = command;
        String grep = null;
        int bar = line.indexOf(" | grep ");
        if (bar > 0) {
            grep = line.substring(bar + " | grep ".length()).strip().replaceFirst("^-E ", "");
            grep = grep.length() >= 2 && (grep.startsWith("'") || grep.startsWith("\"")) ? grep.substring(1, grep.length() - 1) : grep;
            line = line.substring(0, bar);
        }
        List<String> args = new ArrayList<>(CourseTest.words(line));
        args.remove(0);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-") && !Files.exists(Path.of(a)) && Files.exists(Path.of("..", a))) {
                args.set(i, Path.of("..", a).toString());
            }
        }
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        code[0] = RacexCommand.execute(args.toArray(String[]::new), new PrintWriter(o, true), new PrintWriter(e, true));
        String shown = (o + e.toString()).replace("../", "");
        if (grep != null) {
            Pattern p = Pattern.compile(grep);
            StringBuilder b = new StringBuilder();
            shown.lines().filter(l -> p.matcher(l).find()).forEach(l -> b.append(l).append('\n'));
            shown = b.toString();
        }
        return shown;
    }

    private static boolean reachable(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
